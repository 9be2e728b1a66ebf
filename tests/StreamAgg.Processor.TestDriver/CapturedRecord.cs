using System.Text;

namespace StreamAgg.Processor.TestDriver;

/// <summary>
/// One record a task sent to its collector: topic, explicit partition (null when the producer's
/// partitioner would choose), key, value and headers, copied at the time of sending.
/// </summary>
/// <param name="Topic">The topic sent to.</param>
/// <param name="Partition">The partition, when the task chose one (changelogs).</param>
/// <param name="Key">The key bytes.</param>
/// <param name="Value">The value bytes (null: a tombstone).</param>
/// <param name="Headers">Headers in the order they were added.</param>
/// <param name="Commit">How many commits the driver had completed when the record was sent (0 before the first).</param>
public sealed record CapturedRecord(
    string Topic,
    int? Partition,
    byte[]? Key,
    byte[]? Value,
    IReadOnlyList<KeyValuePair<string, byte[]>> Headers,
    int Commit)
{
    /// <summary>The last value of header <paramref name="name"/> as UTF-8 text, or null if absent.</summary>
    public string? HeaderText(string name)
    {
        for (int i = Headers.Count - 1; i >= 0; i--)
        {
            if (Headers[i].Key == name)
            {
                return Encoding.UTF8.GetString(Headers[i].Value);
            }
        }

        return null;
    }

    /// <summary>The key as UTF-8 text, or null.</summary>
    public string? KeyText => Key is null ? null : Encoding.UTF8.GetString(Key);
}
