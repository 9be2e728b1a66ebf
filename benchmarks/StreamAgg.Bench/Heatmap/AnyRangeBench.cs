using System.Globalization;
using Npgsql;
using StreamAgg.Heatmap;
using StreamAgg.Hll;
using StreamAgg.Sink.Heatmap;
using StreamAgg.Sink.Heatmap.Rollups;

namespace StreamAgg.Bench.Heatmap;

/// <summary>
/// The fast path over random ranges of the loaded video (1 to 90 days, any start, not aligned):
/// its latency, its error against the exact counts, whether it equals the sketch query, the sketch
/// query's latency on the same ranges, and the latency when the last day has fresh deltas (as
/// today has in production): exact (its daily rows read) and within the allowed lag (its day block).
/// </summary>
internal sealed class AnyRangeBench(HeatmapBenchOptions options, TextWriter output, NpgsqlDataSource dataSource)
{
    public async Task<(List<QueryLatency> Latencies, double MaxErrorPercent)> RunAsync()
    {
        var audience = new Audience(options);
        var exact = new ExactViewers(options, audience);
        var longest = Math.Min(90, options.Days);
        var random = new Random(7);
        var ranges = Enumerable.Range(0, options.RangeRuns + 2).Select(_ =>
        {
            var length = random.Next(1, longest + 1);
            var first = random.Next(0, options.Days - length + 1);
            return (First: first, Last: first + length - 1);
        }).ToList();
        var queries = new HeatmapQueries(dataSource);
        output.WriteLine(Invariant($"any range: {options.RangeRuns} random ranges of 1-{longest} days within the {options.Days} loaded:"));

        var next = 0;
        var latencies = new List<QueryLatency>
        {
            await QueryLatency.MeasureAsync(output, Invariant($"any range, 1-{longest} days (fast path: rollups, HeatmapQueries.RollupSecondsAsync)"), 2, options.RangeRuns, async () =>
            {
                var (first, last) = ranges[next++ % ranges.Count];
                return Summary(await queries.RollupSecondsAsync(Audience.VideoId, Day(first), Day(last)) ?? throw new InvalidOperationException("no rollup answer"));
            }),
        };

        // Error against exact counts, every second of every range.
        double maxError = 0, errorSum = 0;
        long compared = 0;
        foreach (var (first, last) in ranges)
        {
            var answer = (await queries.RollupSecondsAsync(Audience.VideoId, Day(first), Day(last)))!.ToDictionary(s => s.Second, s => s.Viewers);
            var truth = exact.Count(first, last);
            for (var s = 0; s < truth.Length; s++)
            {
                if (truth[s] == 0)
                    continue;
                var error = Math.Abs(answer.GetValueOrDefault(s) - truth[s]) / (double)truth[s];
                maxError = Math.Max(maxError, error);
                errorSum += error;
                compared++;
            }
        }
        output.WriteLine(Invariant($"  error against exact counts over {compared:N0} (range, second)s: max {100 * maxError:F2} %, mean {100 * errorSum / compared:F2} %"));

        // The previous path, the sketch query in PostgreSQL, on the first ranges: the same numbers, ~100× the time.
        var sketchRuns = Math.Min(ranges.Count, Math.Max(3, options.QueryRuns / 4));
        var equal = 0;
        next = 0;
        latencies.Add(await QueryLatency.MeasureAsync(output, Invariant($"any range, 1-{longest} days (previous: the sketch query, HeatmapQueries.SecondsAsync)"), 0, sketchRuns, async () =>
        {
            var (first, last) = ranges[next++ % ranges.Count];
            var sketches = await queries.SecondsAsync(Audience.VideoId, Day(first), Day(last));
            if (sketches.SequenceEqual((await queries.RollupSecondsAsync(Audience.VideoId, Day(first), Day(last)))!))
                equal++;
            return Summary(sketches);
        }));
        output.WriteLine(Invariant($"  fast path equal to the sketch query (viewers and plays, every second): {equal} of {sketchRuns} ranges"));

        // Fresh deltas on the last day, after its blocks were built (a viewer of it seen again: viewers
        // unchanged, one more play each time), as today has in production: the exact path reads that
        // day's daily rows; AnswerAsync serves its day block built moments before (within the lag).
        var lastDay = Day(options.Days - 1);
        var (_, user, _) = audience.Views().First(v => v.Day == lastDay);
        await AddPlayAsync(lastDay, user);
        await new HeatmapRollupBuilder(dataSource).BuildAsync();
        await AddPlayAsync(lastDay, user);
        next = 0;
        latencies.Add(await QueryLatency.MeasureAsync(output, "any range ending on a day with fresh deltas, exact (its daily rows read)", 1, Math.Max(3, options.RangeRuns / 4), async () =>
        {
            var (first, last) = ranges[next++ % ranges.Count];
            return Summary(await queries.RollupSecondsAsync(Audience.VideoId, Day(options.Days - 1 - (last - first)), lastDay) ?? throw new InvalidOperationException("no rollup answer"));
        }));
        next = 0;
        latencies.Add(await QueryLatency.MeasureAsync(output, "any range ending on a day with fresh deltas, AnswerAsync (its day block, built before them)", 1, Math.Max(3, options.RangeRuns / 4), async () =>
        {
            var (first, last) = ranges[next++ % ranges.Count];
            var answer = await queries.AnswerAsync(Audience.VideoId, Day(options.Days - 1 - (last - first)), lastDay);
            return answer is { Source: HeatmapAnswerSource.Rollups, Current: false }
                ? Summary(answer.Seconds) + Invariant($" age {answer.Age!.Value.TotalSeconds:F0} s")
                : throw new InvalidOperationException($"expected a lagging rollup answer, got {answer.Source} (current: {answer.Current})");
        }));
        return (latencies, 100 * maxError);
    }

    private async Task AddPlayAsync(DateOnly day, string user)
    {
        var sketch = new HllSketch();
        sketch.Add(HllHash.Text(user));
        var batch = new HeatmapBatch();
        batch.AddDelta(new HeatmapDelta(Audience.VideoId, day, [new HeatmapSecondDelta(0, 1, sketch)]));
        await new HeatmapWriter(dataSource).WriteAsync(batch);
    }

    private static DateOnly Day(int index) => Audience.FirstDay.AddDays(index);

    private static string Summary(IReadOnlyList<HeatmapSecond> seconds) => seconds.Count == 0
        ? "[no rows]"
        : Invariant($"[{seconds.Count} seconds, second 0: {seconds[0].Viewers} viewers, {seconds[0].Plays} plays]");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
