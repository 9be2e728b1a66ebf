using System.CommandLine;

namespace StreamAgg.Bench.Heatmap;

/// <summary>
/// <c>bench heatmap</c>: the heatmap benchmark (query latency over a synthetic video, sink merge
/// throughput), with the options and output the standalone harness had.
/// </summary>
internal static class HeatmapBenchCommand
{
    public static Command Create()
    {
        var defaults = new HeatmapBenchOptions();
        var postgres = BenchOptions.Postgres();
        postgres.Description = "PostgreSQL (default: $STREAMAGG_POSTGRES, else an embedded one). The bench creates its tables there: use an empty database.";
        var days = new Option<int>("--days") { Description = "Days of the synthetic video's audience, from 2026-01-15.", DefaultValueFactory = _ => defaults.Days };
        var seconds = new Option<int>("--seconds") { Description = "Length of the synthetic video, in seconds.", DefaultValueFactory = _ => defaults.Seconds };
        var viewers = new Option<int>("--viewers") { Description = "Viewers who start the video each day.", DefaultValueFactory = _ => defaults.ViewersAtStart };
        var queryRuns = new Option<int>("--query-runs") { Description = "Timed runs of each heatmap query.", DefaultValueFactory = _ => defaults.QueryRuns };
        var baselines = new Option<bool>("--baselines") { Description = "Also load the raw rows and time the baselines, COUNT(DISTINCT) over raw beacons and hll_add_agg over staging rows (minutes for 90 days)." };
        var baselineRuns = new Option<int?>("--baseline-runs")
        {
            Description = "Timed runs of each raw-row baseline (default 2 with --baselines); above 0 implies --baselines, 0 skips them.",
        };
        var rangeRuns = new Option<int>("--range-runs") { Description = "Random ranges (1-90 days) the fast path is timed on.", DefaultValueFactory = _ => defaults.RangeRuns };
        var sinkCells = new Option<int>("--sink-cells") { Description = "Delta cells merged by the sink-merge part (in batches of 50,000).", DefaultValueFactory = _ => defaults.SinkCells };
        BenchOptions.MustBePositive(days, seconds, viewers, queryRuns, rangeRuns);
        BenchOptions.MustNotBeNegative(sinkCells);
        var command = new Command("heatmap", "Load one synthetic video over N days into the heatmap tables, time the per-second heatmap of random ranges (fast path, error against exact counts), the window, the sketch query and, with --baselines, raw-row baselines, then the sink's cell merges.")
        {
            postgres, days, seconds, viewers, queryRuns, rangeRuns, baselines, baselineRuns, sinkCells,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            var options = new HeatmapBenchOptions
            {
                Postgres = parse.GetValue(postgres),
                Days = parse.GetValue(days),
                Seconds = parse.GetValue(seconds),
                ViewersAtStart = parse.GetValue(viewers),
                QueryRuns = parse.GetValue(queryRuns),
                BaselineRuns = Math.Max(0, parse.GetValue(baselineRuns) ?? (parse.GetValue(baselines) ? 2 : 0)),
                RangeRuns = parse.GetValue(rangeRuns),
                SinkCells = parse.GetValue(sinkCells),
            };
            await new HeatmapBench(options, parse.InvocationConfiguration.Output).RunAsync(cancellation);
            return 0;
        });
        return command;
    }
}
