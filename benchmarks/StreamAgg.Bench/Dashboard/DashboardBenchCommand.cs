using System.CommandLine;

namespace StreamAgg.Bench.Dashboard;

/// <summary><c>bench dashboard</c>: the video page's data for 90 days through the dashboard's API (issue #15: ≤ 50 ms p95).</summary>
internal static class DashboardBenchCommand
{
    public static Command Create()
    {
        var defaults = new DashboardBenchOptions();
        var postgres = BenchOptions.Postgres();
        postgres.Description = "PostgreSQL (default: $STREAMAGG_POSTGRES, else an embedded one). The bench creates its tables there: use an empty database.";
        var days = new Option<int>("--days") { Description = "Days of the synthetic video's audience (bench heatmap's), from 2026-01-15.", DefaultValueFactory = _ => defaults.Days };
        var seconds = new Option<int>("--seconds") { Description = "Length of the synthetic video, in seconds.", DefaultValueFactory = _ => defaults.Seconds };
        var viewers = new Option<int>("--viewers") { Description = "Viewers who start the video each day.", DefaultValueFactory = _ => defaults.ViewersAtStart };
        var requests = new Option<int>("--requests") { Description = "Timed requests of the standard window's page.", DefaultValueFactory = _ => defaults.Requests };
        var anyRange = new Option<int>("--any-range-requests") { Description = "Timed requests of a range no window covers (0 skips them).", DefaultValueFactory = _ => defaults.AnyRangeRequests };
        BenchOptions.MustBePositive(days, seconds, viewers, requests);
        BenchOptions.MustNotBeNegative(anyRange);
        var command = new Command("dashboard", "Load bench heatmap's synthetic video (heatmap sketches and one engagement row per viewer), then time GET /api/video for its last 90 days over HTTP, and the same page read in process.")
        {
            postgres, days, seconds, viewers, requests, anyRange,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            var options = new DashboardBenchOptions
            {
                Postgres = parse.GetValue(postgres),
                Days = parse.GetValue(days),
                Seconds = parse.GetValue(seconds),
                ViewersAtStart = parse.GetValue(viewers),
                Requests = parse.GetValue(requests),
                AnyRangeRequests = parse.GetValue(anyRange),
            };
            await new DashboardBench(options, parse.InvocationConfiguration.Output).RunAsync(cancellation);
            return 0;
        });
        return command;
    }
}
