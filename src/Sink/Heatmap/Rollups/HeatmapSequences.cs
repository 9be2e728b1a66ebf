using StreamAgg.Hll;

namespace StreamAgg.Sink.Heatmap.Rollups;

/// <summary>
/// The per-second sketch sequences of the rollups (<see cref="HllSequenceWriter"/>, one step per
/// second of the video, plays as each step's number): replaying several into one running union,
/// which is how both the query and the builder union blocks.
/// </summary>
internal static class HeatmapSequences
{
    /// <summary>
    /// Replays <paramref name="sequences"/> into one union, second by second: for every second any of
    /// them has, <paramref name="onSecond"/> gets the second, the sum of their plays and the union.
    /// </summary>
    public static void Replay(IReadOnlyList<byte[]> sequences, Action<int, long, HllRunningUnion> onSecond)
    {
        if (sequences.Count == 0)
            return;
        var union = new HllRunningUnion(sequences.Count, HllSettings.Default);
        var readers = new HllSequenceReader[sequences.Count];
        for (var i = 0; i < readers.Length; i++)
            readers[i] = new HllSequenceReader(sequences[i], HllSettings.Default);
        while (true)
        {
            var second = int.MaxValue;
            foreach (var reader in readers)
            {
                if (!reader.End && reader.NextStep < second)
                    second = reader.NextStep;
            }
            if (second == int.MaxValue)
                return;
            long plays = 0;
            for (var i = 0; i < readers.Length; i++)
            {
                if (readers[i].NextStep == second)
                    plays += readers[i].ApplyNext(union, i);
                else
                    readers[i].Release(union, i); // that sequence has no such second: its sketch is empty there
            }
            onSecond(second, plays, union);
        }
    }

    /// <summary>The union of <paramref name="sequences"/> as one sequence; null when all are empty.</summary>
    public static byte[]? Union(IReadOnlyList<byte[]> sequences, HllSequenceWriter writer)
    {
        writer.Reset();
        Replay(sequences, (second, plays, union) => writer.Append(second, plays, union));
        return writer.Count == 0 ? null : writer.ToArray();
    }
}
