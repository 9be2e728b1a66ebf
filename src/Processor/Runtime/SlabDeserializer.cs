using Confluent.Kafka;

namespace StreamAgg.Processor.Runtime;

/// <summary>
/// Reads a changelog value straight from the client's buffer into <see cref="RecordSlabs"/>:
/// the client's own deserializer would copy it into a new array per record first.
/// </summary>
internal sealed class SlabDeserializer(RecordSlabs slabs) : IDeserializer<ReadOnlyMemory<byte>?>
{
    public ReadOnlyMemory<byte>? Deserialize(ReadOnlySpan<byte> data, bool isNull, SerializationContext context) =>
        isNull ? (ReadOnlyMemory<byte>?)null : slabs.Copy(data);
}
