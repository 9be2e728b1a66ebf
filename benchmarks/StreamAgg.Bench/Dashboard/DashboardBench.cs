using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Npgsql;
using StreamAgg.Bench.Heatmap;
using StreamAgg.Core.Engagement;
using StreamAgg.Dev.Postgres;
using StreamAgg.Heatmap;
using StreamAgg.Hll;
using StreamAgg.Kafka.Clients;
using StreamAgg.Sink.Heatmap;
using StreamAgg.Sink.Heatmap.Rollups;
using StreamAgg.Sink.Schema;
using StreamAgg.Sink.Writing;
using StreamAgg.Web;
using StreamAgg.Web.Dashboard.Api;

namespace StreamAgg.Bench.Dashboard;

/// <summary>
/// <c>bench dashboard</c>: bench heatmap's synthetic video (one 10-minute video, 3,000 viewers a day
/// for 90 days) stored as the sinks store it: heatmap sketches through <see cref="HeatmapWriter"/>
/// (months folded, standard windows refreshed, as the heatmap sink's background work leaves them)
/// and one engagement row per viewer through <see cref="EngagementRowWriter"/>. Then the video
/// page's data for the last 90 days: <c>GET /api/video?window=last-90-days</c> over HTTP on loopback
/// (what a browser waits for), the same page read in process (<see cref="VideoPageQuery"/>, without
/// HTTP and JSON), and a 90-day range no window covers (the sketches answer).
/// </summary>
internal sealed class DashboardBench(DashboardBenchOptions options, TextWriter output)
{
    private const string Token = "bench-read-token";

    // Enough requests before timing for the runtime to have compiled the hot path's optimized code
    // (with 20, the process's CPU per request was twice what it is in a server that has been running).
    private const int Warmups = 300;

    // On a shared machine wall time mostly measures the neighbours; CPU time per request does not.
    private readonly Dictionary<string, double> _cpuMs = [];

    public async Task RunAsync(CancellationToken cancellation)
    {
        output.WriteLine($"load before: {File.ReadAllText("/proc/loadavg").Trim()} ({Environment.ProcessorCount} cores)");
        await using var target = options.Postgres is null
            ? await PostgresTarget.AcquireAsync(ct: cancellation)
            : await PostgresTarget.ConnectAsync(options.Postgres, cancellation);
        await using var dataSource = NpgsqlDataSource.Create(target.ConnectionString);
        await EngagementSchema.ApplyAsync(dataSource, cancellation);
        var audience = new Audience(new HeatmapBenchOptions { Days = options.Days, Seconds = options.Seconds, ViewersAtStart = options.ViewersAtStart });
        var lastDay = Audience.FirstDay.AddDays(options.Days - 1);
        await LoadAsync(dataSource, audience, cancellation);

        // Kafka is not part of the video page; the overview's reader finds none here and says so.
        await using var server = await WebServer.StartAsync(new WebServerOptions
        {
            Port = 0,
            Kafka = new KafkaClientSettings("127.0.0.1:9"),
            Postgres = dataSource,
            ReadToken = Token,
            WriteKeys = new Dictionary<string, string> { ["bench"] = "bench-write-key-0123456789" },
        }, ct: cancellation);
        using var client = new HttpClient { BaseAddress = server.Address };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);

        // What the server costs while nobody asks anything (its Kafka reader retrying included),
        // to tell apart from what the requests below cost.
        await Task.Delay(TimeSpan.FromSeconds(2), cancellation);
        var idleBefore = Process.GetCurrentProcess().TotalProcessorTime;
        await Task.Delay(TimeSpan.FromSeconds(5), cancellation);
        output.WriteLine(Invariant($"idle server: {(Process.GetCurrentProcess().TotalProcessorTime - idleBefore).TotalMilliseconds / 5:F1} ms CPU per second"));

        var window = new Sink.Heatmap.HeatmapWindow(90);
        var query = new VideoPageQuery(dataSource, new HeatmapQueries(dataSource), new HeatmapComparisonQueries(dataSource), TimeProvider.System);
        var range = new DayRange(window, lastDay.AddDays(-89), lastDay);
        var results = new List<QueryLatency>
        {
            await MeasureAsync(dataSource, "GET /api/video?window=last-90-days (HTTP, JSON, precomputed window)", Warmups, options.Requests,
                () => PageAsync(client, $"/api/video?id={Audience.VideoId}&window=last-90-days", "window", cancellation)),
            await MeasureAsync(dataSource, "VideoPageQuery.LoadAsync, last-90-days (in process, no HTTP)", Warmups, options.Requests,
                async () => Summary(await query.LoadAsync(Audience.VideoId, range, 5, 1, cancellation))),
        };
        if (options.AnyRangeRequests > 0 && options.Days > 1)
        {
            var from = Invariant($"{Audience.FirstDay.AddDays(1):yyyy-MM-dd}");
            var to = Invariant($"{lastDay:yyyy-MM-dd}");
            results.Add(await MeasureAsync(dataSource, Invariant($"GET /api/video?from={from}&to={to} (no window covers it: rollups)"), 1, options.AnyRangeRequests,
                () => PageAsync(client, $"/api/video?id={Audience.VideoId}&from={from}&to={to}", "rollups", cancellation)));
        }
        output.WriteLine($"load after: {File.ReadAllText("/proc/loadavg").Trim()}");

        output.WriteLine();
        output.WriteLine("| request | runs | p50 ms | p95 ms | max ms | CPU ms per request (PostgreSQL + this process) |");
        output.WriteLine("|---|---|---|---|---|---|");
        foreach (var r in results)
            output.WriteLine(Invariant($"| {r.Name} | {r.Runs} | {r.P50Ms:F1} | {r.P95Ms:F1} | {r.MaxMs:F1} | {_cpuMs[r.Name]:F1} |"));
    }

    private async Task<QueryLatency> MeasureAsync(NpgsqlDataSource dataSource, string name, int warmups, int runs, Func<Task<string>> request)
    {
        // The warm-up runs are not in the CPU time: run them first, then measure around the timed ones.
        for (var i = 0; i < warmups; i++)
            await request();
        var serverBefore = await ServerCpu.ReadAsync(dataSource);
        var clientBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var latency = await QueryLatency.MeasureAsync(output, name, 0, runs, request);
        var server = await ServerCpu.ReadAsync(dataSource) - serverBefore;
        var client = Process.GetCurrentProcess().TotalProcessorTime - clientBefore;
        _cpuMs[name] = (server + client).TotalMilliseconds / runs;
        output.WriteLine(Invariant($"    CPU per request: {server.TotalMilliseconds / runs:F1} ms in PostgreSQL backends + {client.TotalMilliseconds / runs:F1} ms in this process (server and client)"));
        return latency;
    }

    /// <summary>Heatmap sketches per day, and one engagement row per viewer (their views summed as the processor would).</summary>
    private async Task LoadAsync(NpgsqlDataSource dataSource, Audience audience, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var writer = new HeatmapWriter(dataSource);
        var viewers = new Dictionary<string, (DateOnly First, DateOnly Last, int Views, long Watched, int MaxPosition, int Completions)>();
        foreach (var day in audience.Views().GroupBy(v => v.Day))
        {
            var sketches = Enumerable.Range(0, options.Seconds).Select(_ => new HllSketch()).ToArray();
            var plays = new long[options.Seconds];
            foreach (var (_, user, leavesAt) in day)
            {
                var hash = HllHash.Text(user);
                for (var s = 0; s < leavesAt; s++)
                {
                    sketches[s].Add(hash);
                    plays[s]++;
                }
                var v = viewers.GetValueOrDefault(user, (day.Key, day.Key, 0, 0, 0, 0));
                viewers[user] = (v.First, day.Key, v.Views + 1, v.Watched + leavesAt, Math.Max(v.MaxPosition, leavesAt), v.Completions + (leavesAt >= 0.95 * options.Seconds ? 1 : 0));
            }
            var batch = new HeatmapBatch();
            batch.AddDelta(new HeatmapDelta(Audience.VideoId, day.Key, [.. Enumerable.Range(0, options.Seconds).Where(s => plays[s] > 0).Select(s => new HeatmapSecondDelta(s, plays[s], sketches[s]))]));
            await writer.WriteAsync(batch, ct);
        }
        await new HeatmapMonthFolder(dataSource).FoldAsync(ct);
        var refreshed = await new HeatmapWindowRefresher(dataSource).RefreshAsync(ct);
        // The sink's rollup builder runs every minute; a page of any range reads its blocks.
        await new HeatmapRollupBuilder(dataSource).BuildAsync(ct);

        var rows = new EngagementBatch();
        long offset = 0;
        foreach (var (user, v) in viewers)
            rows.AddRow(Row(user, v.First, v.Last, v.Views, v.Watched, v.MaxPosition, v.Completions), new SinkSource("engagement", 0, offset++));
        await new EngagementRowWriter(dataSource).WriteAsync(rows, ct);
        foreach (var table in new[] { "engagement", "heatmap_window", "heatmap_videos" })
        {
            await using var analyze = dataSource.CreateCommand($"VACUUM ANALYZE {table}");
            await analyze.ExecuteNonQueryAsync(ct);
        }
        output.WriteLine(Invariant($"loaded {options.Days} days x {options.Seconds} s of {Audience.VideoId}, {viewers.Count:N0} engagement rows, {refreshed} video's windows refreshed, in {clock.Elapsed.TotalSeconds:F0} s"));
    }

    private EngagementRow Row(string user, DateOnly first, DateOnly last, int views, long watched, int maxPosition, int completions)
    {
        double duration = options.Seconds;
        var score = Math.Round(60 * Math.Min(1, maxPosition / duration) + 25 * Math.Min(1, maxPosition / duration) + 15 * Math.Min(1, completions), 1, MidpointRounding.AwayFromZero);
        return new EngagementRow
        {
            UserId = user,
            VideoId = Audience.VideoId,
            VideoTitle = "Bench video",
            VideoDuration = duration,
            TotalWatchTime = watched,
            UniqueSecondsWatched = maxPosition,
            MaxPositionReached = maxPosition,
            WatchPercentage = 100 * watched / duration,
            UniqueWatchPercentage = 100 * maxPosition / duration,
            CompletionPercentage = 100 * maxPosition / duration,
            SessionCount = views,
            CompletionCount = completions,
            ReplayCount = 0,
            TotalPauses = 0,
            AvgPausesPerSession = 0,
            TotalForwardSkips = 0,
            TotalBackwardSkips = 0,
            EngagementScore = score,
            EngagementTier = score >= 75 ? "High" : score >= 50 ? "Medium" : score >= 25 ? "Low" : "Minimal",
            EventsApplied = 2 * views,
            LateEventsDropped = 0,
            DuplicateEventsDropped = 0,
            FirstEventAtMs = new DateTimeOffset(first.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero).ToUnixTimeMilliseconds(),
            LastEventAtMs = new DateTimeOffset(last.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero).ToUnixTimeMilliseconds() + maxPosition * 1000L,
            QualityFlags = [],
            ActiveSession = false,
            Version = 1,
        };
    }

    private static async Task<string> PageAsync(HttpClient client, string path, string expectedSource, CancellationToken ct)
    {
        using var response = await client.GetAsync(path, ct);
        var body = await response.Content.ReadAsByteArrayAsync(ct);
        if (response.StatusCode != HttpStatusCode.OK)
            throw new InvalidOperationException($"{path}: {(int)response.StatusCode}");
        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        var source = root.GetProperty("range").GetProperty("source").GetString();
        if (source != expectedSource)
            throw new InvalidOperationException($"{path}: answered by {source}, not {expectedSource}");
        var seconds = root.GetProperty("heatmap").GetProperty("seconds").GetArrayLength();
        return Invariant($"[{seconds} seconds, {root.GetProperty("audience").GetProperty("viewers").GetInt64():N0} viewers, {body.Length / 1024} KiB]");
    }

    private static string Summary(VideoPage page) =>
        Invariant($"[{page.Heatmap.Seconds.Length} seconds, {page.Audience.Viewers:N0} viewers, source {page.Range.Source}]");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
