using System.Buffers.Binary;
using System.Text;

namespace StreamAgg.Processor.Runtime;

/// <summary>
/// The runtime's own record in a task's changelog: the next input offset the task will read,
/// written in the same transaction as the state changes and outputs of the records before it.
/// Restoring the changelog therefore also says where the state stands in the input, whatever
/// the consumer group's offsets say (a broker that drops the offsets sent to a transaction leaves
/// the group behind).
/// </summary>
/// <remarks>
/// Key: a 0 byte, then <c>position:</c> and the input topic in UTF-8. The 0 byte keeps it apart
/// from every task key (ours are JSON), and the topic keeps a position of one topology (say,
/// before <c>--rekey</c> was turned on) from steering another. One key per changelog partition,
/// so compaction keeps only the newest.
/// Value: a version byte (1), then the next offset as a big-endian int64. Later versions may
/// append fields after the offset; every version keeps the offset where version 1 has it, so an
/// older release still reads a newer record's position.
/// </remarks>
internal static class ChangelogPosition
{
    public const byte Version = 1;
    private const int OffsetLength = sizeof(long);

    public static byte[] Key(string inputTopic) => [0, .. Encoding.UTF8.GetBytes("position:" + inputTopic)];

    /// <summary>True for every key the runtime reserves (a leading 0 byte), whatever its topic.</summary>
    public static bool IsRuntimeKey(ReadOnlySpan<byte> key) => key.Length > 0 && key[0] == 0;

    public static byte[] Value(long nextOffset)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(nextOffset);
        var value = new byte[1 + OffsetLength];
        value[0] = Version;
        BinaryPrimitives.WriteInt64BigEndian(value.AsSpan(1), nextOffset);
        return value;
    }

    /// <summary>
    /// Reads the next offset for <paramref name="inputTopic"/> from a runtime record; false when
    /// the record is another topic's position, a deletion, or unreadable.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, string inputTopic, out long nextOffset)
    {
        nextOffset = -1;
        if (!key.SequenceEqual(Key(inputTopic)) || value.Length < 1 + OffsetLength || value[0] < 1)
        {
            return false;
        }

        nextOffset = BinaryPrimitives.ReadInt64BigEndian(value[1..]);
        return nextOffset >= 0;
    }
}
