namespace StreamAgg.Sink.Heatmap;

/// <summary>
/// Finds the key moments of a heatmap (docs/heatmap.md, "Key moments"): the intro drop, dips where
/// viewers leave, rewatches and jump-ins. A pure function of the per-second rows: an effect is a
/// moment only when it stands out from the same quantity around it (its median over
/// <see cref="HeatmapMomentOptions.BaselineRadius"/> seconds either side) by at least
/// <see cref="HeatmapMomentOptions.MinShare"/> of the starting viewers and
/// <see cref="HeatmapMomentOptions.NoiseSigmas"/> standard deviations of that usual count, and
/// only with at least <see cref="HeatmapMomentOptions.MinStartViewers"/> at the start.
/// </summary>
public static class HeatmapMomentFinder
{
    // Candidate seconds at most this far apart belong to one moment (a departure spread over a few seconds).
    private const int JoinGap = 2;

    /// <summary>The key moments of <paramref name="seconds"/> (ascending by second, missing seconds counting as no viewers).</summary>
    public static HeatmapKeyMoments Find(IReadOnlyList<HeatmapSecond> seconds, HeatmapMomentOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(seconds);
        options ??= new HeatmapMomentOptions();
        options.Validate();
        if (seconds.Count == 0)
            return new HeatmapKeyMoments(0, false, null, []);
        var first = seconds[0].Second;
        var start = seconds[0].Viewers;
        if (start < options.MinStartViewers || start == 0 || first >= options.MaxSeconds)
            return new HeatmapKeyMoments(start, false, null, []);

        var end = Math.Min(seconds[^1].Second + 1, options.MaxSeconds);
        var viewers = new long[end];
        var plays = new long[end];
        foreach (var s in seconds)
        {
            if (s.Second < end)
                (viewers[s.Second], plays[s.Second]) = (s.Viewers, s.Plays);
        }

        // loss[s]: viewers gone between s − 1 and s (negative when viewers arrive);
        // extra[s]: plays beyond the unique viewers at s (rewatches).
        var loss = new double[end];
        var extra = new double[end];
        for (var s = first; s < end; s++)
        {
            extra[s] = plays[s] - viewers[s];
            if (s > first)
                loss[s] = viewers[s - 1] - viewers[s];
        }
        var usualLoss = LocalMedians(loss, first + 1, end, options.BaselineRadius);
        var usualExtra = LocalMedians(extra, first, end, options.BaselineRadius);
        double Threshold(double usual) => Math.Max(options.MinShare * start, options.NoiseSigmas * Math.Sqrt(Math.Max(Math.Abs(usual), 1)));

        var introEnd = Math.Min(first + options.IntroSeconds, end - 1);
        HeatmapMoment? intro = null;
        if (introEnd > first)
        {
            var cliff = first + 1;
            for (var s = first + 2; s <= introEnd; s++)
            {
                if (loss[s] > loss[cliff])
                    cliff = s;
            }
            var lost = viewers[first] - viewers[introEnd];
            intro = new HeatmapMoment(HeatmapMomentKind.IntroDrop, cliff, first, introEnd, lost, lost / (double)start, viewers[cliff]);
        }

        var moments = new List<HeatmapMoment>();
        // Dips after the intro (within it, departures are the intro drop); jump-ins and rewatches anywhere.
        moments.AddRange(Runs(HeatmapMomentKind.Dip, introEnd + 1, end, s => loss[s] - usualLoss[s], s => Threshold(usualLoss[s]), sum: true));
        moments.AddRange(Runs(HeatmapMomentKind.JumpIn, first + 1, end, s => usualLoss[s] - loss[s], s => Threshold(usualLoss[s]), sum: true));
        moments.AddRange(Runs(HeatmapMomentKind.Rewatch, first, end, s => extra[s] - usualExtra[s], s => Threshold(usualExtra[s]), sum: false));
        return new HeatmapKeyMoments(start, true, intro, [.. moments.OrderBy(m => m.Second).ThenBy(m => m.Kind)]);

        IEnumerable<HeatmapMoment> Runs(HeatmapMomentKind kind, int from, int until, Func<int, double> excess, Func<int, double> threshold, bool sum)
        {
            var found = new List<HeatmapMoment>();
            var s = from;
            while (s < until)
            {
                if (excess(s) < threshold(s))
                {
                    s++;
                    continue;
                }
                // A run of seconds above the threshold, joined across short gaps.
                var (runFrom, runTo, peak, total) = (s, s, s, 0.0);
                for (var t = s; t < until && t <= runTo + JoinGap; t++)
                {
                    if (excess(t) < threshold(t))
                        continue;
                    runTo = t;
                    total += excess(t);
                    if (excess(t) > excess(peak))
                        peak = t;
                }
                var size = (long)Math.Round(sum ? total : excess(peak), MidpointRounding.AwayFromZero);
                found.Add(new HeatmapMoment(kind, peak, runFrom, runTo, size, size / (double)start, viewers[peak]));
                s = runTo + 1;
            }
            return found.OrderByDescending(m => m.Size).ThenBy(m => m.Second).Take(options.MaxPerKind);
        }
    }

    /// <summary>For every s in [from, until): the median of values over [s − radius, s + radius] ∩ [from, until).</summary>
    private static double[] LocalMedians(double[] values, int from, int until, int radius)
    {
        var medians = new double[values.Length];
        var window = new double[2 * radius + 1];
        for (var s = from; s < until; s++)
        {
            var (lo, hi) = (Math.Max(from, s - radius), Math.Min(until - 1, s + radius));
            var count = hi - lo + 1;
            Array.Copy(values, lo, window, 0, count);
            Array.Sort(window, 0, count);
            medians[s] = count % 2 == 1 ? window[count / 2] : (window[count / 2 - 1] + window[count / 2]) / 2;
        }
        return medians;
    }
}
