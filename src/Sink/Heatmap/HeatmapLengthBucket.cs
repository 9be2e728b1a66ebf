namespace StreamAgg.Sink.Heatmap;

/// <summary>
/// A range of video lengths whose retention curves are compared with each other ("videos of
/// similar length"): [<paramref name="FromSeconds"/>, <paramref name="UntilSeconds"/>), open-ended
/// when <paramref name="UntilSeconds"/> is null.
/// </summary>
/// <param name="FromSeconds">The shortest length in the bucket, in seconds.</param>
/// <param name="UntilSeconds">The first length past the bucket, or null for the last bucket.</param>
/// <param name="Label">A short name, such as <c>5–10 min</c>.</param>
public sealed record HeatmapLengthBucket(int FromSeconds, int? UntilSeconds, string Label)
{
    /// <summary>
    /// The buckets, shortest first: under 1 minute, 1–3, 3–5, 5–10, 10–20, 20–40, 40–60 minutes,
    /// 1 hour and more. Roughly doubling widths: a viewer's patience scales with the length, so
    /// videos within one bucket lose their audience at comparable relative positions.
    /// </summary>
    public static IReadOnlyList<HeatmapLengthBucket> All { get; } =
    [
        new(0, 60, "under 1 min"),
        new(60, 180, "1–3 min"),
        new(180, 300, "3–5 min"),
        new(300, 600, "5–10 min"),
        new(600, 1200, "10–20 min"),
        new(1200, 2400, "20–40 min"),
        new(2400, 3600, "40–60 min"),
        new(3600, null, "1 h and more"),
    ];

    /// <summary>The bucket of a video <paramref name="lengthSeconds"/> long.</summary>
    public static HeatmapLengthBucket For(int lengthSeconds) =>
        All.Last(b => b.FromSeconds <= Math.Max(0, lengthSeconds));

    /// <summary>Whether a video <paramref name="lengthSeconds"/> long falls in this bucket.</summary>
    public bool Contains(int lengthSeconds) => lengthSeconds >= FromSeconds && (UntilSeconds is null || lengthSeconds < UntilSeconds);
}
