namespace StreamAgg.Bench.Heatmap;

/// <summary>
/// The synthetic audience of one 10-minute video: every day <c>ViewersAtStart</c> people from a
/// pool three times that size start it at second 0 and leave at a drop point: a steady decline to
/// about a third by the end, plus a cliff at 1:30 (an ad break) where a sixth of the audience leaves.
/// Deterministic (seeded), so every approach reads the same data.
/// </summary>
internal sealed class Audience(HeatmapBenchOptions options)
{
    public const string VideoId = "bench-video";
    public static readonly DateOnly FirstDay = new(2026, 1, 15);

    public IEnumerable<(DateOnly Day, string UserId, int LeavesAt)> Views()
    {
        var random = new Random(42);
        var pool = options.ViewersAtStart * 3;
        for (var d = 0; d < options.Days; d++)
        {
            var day = FirstDay.AddDays(d);
            var offset = random.Next(pool);
            for (var i = 0; i < options.ViewersAtStart; i++)
            {
                var user = $"user-{(offset + i) % pool}";
                // Uniform leave points over 1.5× the video: about a third watch to the end.
                var leavesAt = random.Next(options.Seconds * 3 / 2);
                if (leavesAt > 90 && random.Next(6) == 0)
                    leavesAt = 90;
                yield return (day, user, Math.Min(leavesAt, options.Seconds));
            }
        }
    }
}
