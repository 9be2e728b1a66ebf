namespace StreamAgg.Bench.Pipeline;

/// <summary>
/// One event of the latency bench, generated before the clock starts: its Kafka key and value
/// side by side in <paramref name="Chunk"/> from <paramref name="Offset"/>, and the track of its
/// (user, video) key.
/// </summary>
internal readonly record struct PreparedEvent(byte[] Chunk, int Offset, int KeyLength, int ValueLength, KeyTrack Track)
{
    public byte[] Key() => Chunk.AsSpan(Offset, KeyLength).ToArray();

    public byte[] Value() => Chunk.AsSpan(Offset + KeyLength, ValueLength).ToArray();
}
