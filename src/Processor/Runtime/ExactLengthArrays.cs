namespace StreamAgg.Processor.Runtime;

/// <summary>
/// One reusable array per length. Confluent.Kafka's Produce takes whole byte arrays (no offset and
/// length) and librdkafka copies them before Produce returns (MSG_F_COPY), so an array of exactly
/// the bytes' length can be refilled for the next record instead of allocating one per record.
/// Lengths above <see cref="MaxCachedLength"/> are rare (state of a key with a long history) and
/// get a fresh array, which bounds what the cache can hold.
/// </summary>
internal sealed class ExactLengthArrays
{
    public const int MaxCachedLength = 4096;

    private readonly byte[]?[] _byLength = new byte[]?[MaxCachedLength + 1];

    /// <summary>An array holding exactly <paramref name="bytes"/>, valid until the next call with the same length.</summary>
    public byte[] CopyOf(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > MaxCachedLength)
        {
            return bytes.ToArray();
        }

        var array = _byLength[bytes.Length] ??= new byte[bytes.Length];
        bytes.CopyTo(array);
        return array;
    }
}
