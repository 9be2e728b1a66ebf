namespace StreamAgg.Sink.Heatmap;

/// <summary>
/// Relative retention (docs/heatmap.md, "Typical retention"): a video's retention curve beside the
/// typical curve of videos of similar length. Every curve is normalised to position: 101 points, at
/// 0 %, 1 %, … 100 % of the video's length, each the viewers at that second as a share of the
/// viewers at the start, so videos of different lengths line up. The typical curve is, per
/// position, the median of the similar videos' curves, with their 25th and 75th percentiles as the
/// "typical" band. Pure functions: the curves come from <see cref="HeatmapComparisonQueries"/>.
/// </summary>
public static class HeatmapTypicalRetention
{
    /// <summary>The last position (percent of the length).</summary>
    public const int LastPosition = 100;

    /// <summary>The second of a video <paramref name="lengthSeconds"/> long at <paramref name="position"/> percent of it.</summary>
    public static int SecondAt(int position, int lengthSeconds) =>
        (int)Math.Min(lengthSeconds - 1L, (long)position * lengthSeconds / LastPosition);

    /// <summary>
    /// The curve of <paramref name="seconds"/> (ascending) normalised to position for a video
    /// <paramref name="lengthSeconds"/> long, missing seconds counting as no viewers; null when the
    /// start (the first second present) has fewer than <paramref name="minStartViewers"/> viewers (or none).
    /// </summary>
    public static double[]? Normalize(IReadOnlyList<HeatmapSecond> seconds, int lengthSeconds, long minStartViewers)
    {
        ArgumentNullException.ThrowIfNull(seconds);
        if (seconds.Count == 0 || lengthSeconds < 1 || seconds[0].Viewers < Math.Max(1, minStartViewers))
            return null;
        double start = seconds[0].Viewers;
        var curve = new double[LastPosition + 1];
        var i = 0;
        for (var p = 0; p <= LastPosition; p++)
        {
            var second = SecondAt(p, lengthSeconds);
            while (i < seconds.Count && seconds[i].Second < second)
                i++;
            curve[p] = i < seconds.Count && seconds[i].Second == second ? seconds[i].Viewers / start : 0;
        }
        return curve;
    }

    /// <summary>The typical curve of <paramref name="curves"/> (normalised, as <see cref="Normalize"/> makes them); at least one.</summary>
    public static HeatmapTypicalCurve Typical(HeatmapLengthBucket bucket, IReadOnlyList<double[]> curves)
    {
        ArgumentNullException.ThrowIfNull(bucket);
        ArgumentNullException.ThrowIfNull(curves);
        ArgumentOutOfRangeException.ThrowIfZero(curves.Count, nameof(curves));
        var points = new HeatmapTypicalPoint[LastPosition + 1];
        var column = new double[curves.Count];
        for (var p = 0; p <= LastPosition; p++)
        {
            for (var c = 0; c < curves.Count; c++)
                column[c] = curves[c][p];
            Array.Sort(column);
            points[p] = new HeatmapTypicalPoint(p, Quantile(column, 0.5), Quantile(column, 0.25), Quantile(column, 0.75));
        }
        return new HeatmapTypicalCurve(bucket, curves.Count, points);
    }

    /// <summary>
    /// <paramref name="seconds"/> of a video <paramref name="lengthSeconds"/> long against the
    /// typical curve of <paramref name="similarCurves"/> (normalised curves of other videos of its
    /// length bucket, each with enough viewers). The verdict is above (below) typical when the video
    /// is above the 75th (below the 25th) percentile at half the positions after 0 or more.
    /// </summary>
    public static HeatmapRelativeRetention Compare(IReadOnlyList<HeatmapSecond> seconds, int lengthSeconds, IReadOnlyList<double[]> similarCurves, HeatmapComparisonOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(similarCurves);
        options ??= new HeatmapComparisonOptions();
        options.Validate();
        var bucket = HeatmapLengthBucket.For(lengthSeconds);
        var own = Normalize(seconds, lengthSeconds, options.MinStartViewers);
        if (own is null)
            return new HeatmapRelativeRetention(lengthSeconds, bucket, similarCurves.Count, options.MinVideos, HeatmapRelativeVerdict.NotEnoughViewers, null, []);
        if (similarCurves.Count < options.MinVideos)
            return new HeatmapRelativeRetention(lengthSeconds, bucket, similarCurves.Count, options.MinVideos, HeatmapRelativeVerdict.NotEnoughVideos, null, []);

        var typical = Typical(bucket, similarCurves);
        var points = new HeatmapRelativePoint[LastPosition + 1];
        var (above, below, difference) = (0, 0, 0.0);
        for (var p = 0; p <= LastPosition; p++)
        {
            var t = typical.Points[p];
            points[p] = new HeatmapRelativePoint(p, SecondAt(p, lengthSeconds), own[p], t);
            if (p == 0)
                continue;
            difference += own[p] - t.Median;
            if (own[p] > t.Upper)
                above++;
            else if (own[p] < t.Lower)
                below++;
        }
        var verdict = 2 * above >= LastPosition ? HeatmapRelativeVerdict.AboveTypical
            : 2 * below >= LastPosition ? HeatmapRelativeVerdict.BelowTypical
            : HeatmapRelativeVerdict.Typical;
        return new HeatmapRelativeRetention(lengthSeconds, bucket, similarCurves.Count, options.MinVideos, verdict, difference / LastPosition, points);
    }

    /// <summary>The <paramref name="q"/> quantile of sorted values, linearly interpolated between neighbours.</summary>
    private static double Quantile(double[] sorted, double q)
    {
        var h = (sorted.Length - 1) * q;
        var below = (int)Math.Floor(h);
        var above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + (h - below) * (sorted[above] - sorted[below]);
    }
}
