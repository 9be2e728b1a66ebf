using System.Diagnostics;
using System.Globalization;
using Npgsql;
using NpgsqlTypes;
using StreamAgg.Heatmap;
using StreamAgg.Hll;
using StreamAgg.Dev.Postgres;
using StreamAgg.Sink.Heatmap;
using StreamAgg.Sink.Heatmap.Rollups;
using StreamAgg.Sink.Schema;

namespace StreamAgg.Bench.Heatmap;

/// <summary>
/// <c>bench heatmap</c>: one synthetic 10-minute video over N days loaded into the heatmap tables
/// (through HeatmapWriter, then the monthly fold, the standard windows and the rollup blocks) and,
/// with --baselines, row per (day, second, viewer) into a raw table; then the per-second heatmap of
/// random ranges through the fast path (rollups) with its error against exact counts, the
/// standard window, the sketch query and the raw-row baselines, side by side, and the sink's merge
/// throughput on small deltas.
/// </summary>
internal sealed class HeatmapBench(HeatmapBenchOptions options, TextWriter output)
{
    private DateOnly LastDay => Audience.FirstDay.AddDays(options.Days - 1);

    public async Task RunAsync(CancellationToken cancellation)
    {
        output.WriteLine($"load before: {File.ReadAllText("/proc/loadavg").Trim()} ({Environment.ProcessorCount} cores)");
        await using var target = options.Postgres is null
            ? await PostgresTarget.AcquireAsync(ct: cancellation)
            : await PostgresTarget.ConnectAsync(options.Postgres, cancellation);
        // No command timeout: the baselines run for minutes.
        await using var dataSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(target.ConnectionString) { CommandTimeout = 0 }.ConnectionString);
        await EngagementSchema.ApplyAsync(dataSource);
        await HeatmapBenchSql.ExecuteAsync(dataSource, "CREATE TABLE bench_beacons (video_id text NOT NULL, day date NOT NULL, second integer NOT NULL, user_id text NOT NULL, user_hash bigint NOT NULL)");
        var writer = new HeatmapWriter(dataSource);
        await LoadAsync(dataSource, writer);
        var anyRange = await new AnyRangeBench(options, output, dataSource).RunAsync();
        var results = await QueryAsync(dataSource);
        results.InsertRange(0, anyRange.Latencies);
        await MergeAsync(dataSource, writer);
        output.WriteLine($"load after: {File.ReadAllText("/proc/loadavg").Trim()}");

        output.WriteLine();
        output.WriteLine("| query | runs | p50 ms | p95 ms | max ms |");
        output.WriteLine("|---|---|---|---|---|");
        foreach (var r in results)
            output.WriteLine(Invariant($"| {r.Name} | {r.Runs} | {r.P50Ms:F1} | {r.P95Ms:F1} | {r.MaxMs:F1} |"));
        output.WriteLine();
        var window = results.FirstOrDefault(r => r.Name.Contains("window", StringComparison.Ordinal));
        output.WriteLine(Invariant($"any-range p95 {anyRange.Latencies[0].P95Ms:F1} ms, window p95 {(window is null ? "n/a" : window.P95Ms.ToString("F1", CultureInfo.InvariantCulture))} ms, max error {anyRange.MaxErrorPercent:F2} %"));
    }

    private async Task LoadAsync(NpgsqlDataSource dataSource, HeatmapWriter writer)
    {
        var audience = new Audience(options);
        long beaconRows = 0, cellsLoaded = 0;
        var loadHeatmap = new Stopwatch();
        var loadBeacons = new Stopwatch();
        foreach (var day in audience.Views().GroupBy(v => v.Day))
        {
            var sketches = Enumerable.Range(0, options.Seconds).Select(_ => new HllSketch()).ToArray();
            var plays = new long[options.Seconds];
            loadBeacons.Start();
            await using (var connection = await dataSource.OpenConnectionAsync())
            // Without baselines (--baseline-runs 0) only the sketches are needed: no beacon rows.
            await using (var copy = options.BaselineRuns > 0 ? await connection.BeginBinaryImportAsync("COPY bench_beacons FROM STDIN (FORMAT BINARY)") : null)
            {
                foreach (var (_, user, leavesAt) in day)
                {
                    var hash = HllHash.Text(user);
                    for (var s = 0; s < leavesAt; s++)
                    {
                        sketches[s].Add(hash);
                        plays[s]++;
                        if (copy is null)
                            continue;
                        copy.StartRow();
                        copy.Write(Audience.VideoId, NpgsqlDbType.Text);
                        copy.Write(day.Key, NpgsqlDbType.Date);
                        copy.Write(s, NpgsqlDbType.Integer);
                        copy.Write(user, NpgsqlDbType.Text);
                        copy.Write(hash, NpgsqlDbType.Bigint);
                        beaconRows++;
                    }
                }
                if (copy is not null)
                    await copy.CompleteAsync();
            }
            loadBeacons.Stop();

            var batch = new HeatmapBatch();
            batch.AddDelta(new HeatmapDelta(Audience.VideoId, day.Key, [.. Enumerable.Range(0, options.Seconds).Where(s => plays[s] > 0).Select(s => new HeatmapSecondDelta(s, plays[s], sketches[s]))]));
            loadHeatmap.Start();
            cellsLoaded += await writer.WriteAsync(batch);
            loadHeatmap.Stop();
        }
        // The sink folds days into their months in the background; fold them all before querying.
        var foldClock = Stopwatch.StartNew();
        var monthsFolded = await new HeatmapMonthFolder(dataSource).FoldAsync();
        output.WriteLine(Invariant($"folded {monthsFolded} (video, month)s into heatmap_monthly in {foldClock.Elapsed.TotalSeconds:F1} s"));
        // The sink builds the rollup blocks in the background; build them all before querying (every bench day is in the past).
        var buildClock = Stopwatch.StartNew();
        var blocks = await new HeatmapRollupBuilder(dataSource).BuildAsync();
        output.WriteLine(Invariant($"built {blocks} rollup blocks in {buildClock.Elapsed.TotalSeconds:F1} s: {await HeatmapBenchSql.ScalarAsync(dataSource, "SELECT pg_size_pretty(sum(octet_length(sequence))) || ' of sequences, ' || pg_size_pretty(max(octet_length(sequence))::bigint) || ' the largest' FROM heatmap_rollup")}"));
        foreach (var table in new[] { "bench_beacons", "heatmap_daily", "heatmap_monthly", "heatmap_rollup", "heatmap_rollup_days" })
            await HeatmapBenchSql.ExecuteAsync(dataSource, $"VACUUM ANALYZE {table}");
        // Write the loaded pages out now, so the timings below do not share the disk with their writeback
        // (the raw rows are 6 GB for 90 days). A server of your own may not allow it: then it is skipped.
        try
        {
            await HeatmapBenchSql.ExecuteAsync(dataSource, "CHECKPOINT");
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            output.WriteLine("no CHECKPOINT (not allowed on this server): the timings may share the disk with the load's writeback");
        }
        output.WriteLine(Invariant($"loaded {options.Days} days x {options.Seconds} s: {beaconRows:N0} beacon rows in {loadBeacons.Elapsed.TotalSeconds:F0} s; {cellsLoaded:N0} daily heatmap rows in {loadHeatmap.Elapsed.TotalSeconds:F1} s"));
        output.WriteLine($"sizes: {await HeatmapBenchSql.ScalarAsync(dataSource, "SELECT pg_size_pretty(pg_total_relation_size('bench_beacons')) || ' beacons, ' || pg_size_pretty(pg_total_relation_size('heatmap_daily')) || ' daily, ' || pg_size_pretty(pg_total_relation_size('heatmap_monthly')) || ' monthly'")}");
    }

    private async Task<List<QueryLatency>> QueryAsync(NpgsqlDataSource dataSource)
    {
        // The standard windows, as the sink's refresher computes them (one video: 7, 28 and 90
        // days, and the whole loaded range if --days is another number).
        var benchWindow = new HeatmapWindow(options.Days);
        var windows = HeatmapWindow.Standard.Append(benchWindow).DistinctBy(w => w.Name).ToList();
        var refreshClock = Stopwatch.StartNew();
        var refreshed = await new HeatmapWindowRefresher(dataSource, new HeatmapWindowOptions { Windows = windows }).RefreshAsync();
        output.WriteLine(Invariant($"windows: {refreshed} video refreshed ({string.Join(", ", windows.Select(w => w.Name))}) in {refreshClock.Elapsed.TotalMilliseconds:F0} ms"));

        // Queries over the whole range, the same data every time.
        var lastDay = LastDay;
        var queries = new HeatmapQueries(dataSource);
        output.WriteLine(Invariant($"queries over {Audience.FirstDay:yyyy-MM-dd} .. {lastDay:yyyy-MM-dd}:"));
        var results = new List<QueryLatency>();
        if (refreshed > 0) // a writer without the windows' marker (an older build measured for comparison) leaves none
            results.Add(await QueryLatency.MeasureAsync(output, Invariant($"{benchWindow.Name} window (HeatmapQueries.AnswerAsync, precomputed)"), 2, options.QueryRuns, async () => Summary(Window(await queries.AnswerAsync(Audience.VideoId, Audience.FirstDay, lastDay)))));
        results.AddRange(
        [
            await QueryLatency.MeasureAsync(output, "heatmap_daily + heatmap_monthly (HeatmapQueries)", 2, options.QueryRuns, async () => Summary(await queries.SecondsAsync(Audience.VideoId, Audience.FirstDay, lastDay))),
            await QueryLatency.MeasureAsync(output, "heatmap_daily only (union of every day)", 1, Math.Max(3, options.QueryRuns / 4), () => HeatmapBenchSql.RowsAsync(dataSource,
                "SELECT second, hll_cardinality(hll_union_agg(viewers)), sum(plays) FROM heatmap_daily WHERE video_id = $1 AND day BETWEEN $2 AND $3 GROUP BY second", lastDay)),
        ]);
        if (options.Days > 1)
        {
            results.Insert(refreshed > 0 ? 1 : 0, await QueryLatency.MeasureAsync(output, Invariant($"HeatmapQueries.AnswerAsync over {options.Days - 1} days (no window of that range: rollups)"), 1, Math.Max(3, options.QueryRuns / 4),
                async () => Summary(await queries.AnswerAsync(Audience.VideoId, Audience.FirstDay.AddDays(1), lastDay) is { Source: HeatmapAnswerSource.Rollups } a ? a.Seconds : throw new InvalidOperationException("the rollups did not answer"))));
        }
        if (options.BaselineRuns > 0)
        {
            results.Add(await QueryLatency.MeasureAsync(output, "(b) staging rows, hll_add_agg at query time", 0, options.BaselineRuns, () => HeatmapBenchSql.RowsAsync(dataSource,
                "SELECT second, hll_cardinality(hll_add_agg(user_hash::hll_hashval, 14, 5)), count(*) FROM bench_beacons WHERE video_id = $1 AND day BETWEEN $2 AND $3 GROUP BY second", lastDay)));
            results.Add(await QueryLatency.MeasureAsync(output, "(a) raw beacon rows, COUNT(DISTINCT user)", 0, options.BaselineRuns, () => HeatmapBenchSql.RowsAsync(dataSource,
                "SELECT second, count(DISTINCT user_id), count(*) FROM bench_beacons WHERE video_id = $1 AND day BETWEEN $2 AND $3 GROUP BY second", lastDay)));
        }
        var wholeMonths = Audience.FirstDay.Day == 1 ? Audience.FirstDay : new DateOnly(Audience.FirstDay.Year, Audience.FirstDay.Month, 1).AddMonths(1);
        results.Add(await QueryLatency.MeasureAsync(output, Invariant($"HeatmapQueries, whole months only ({wholeMonths:yyyy-MM-dd} .. +2 months)"), 2, options.QueryRuns,
            async () => Summary(await queries.SecondsAsync(Audience.VideoId, wholeMonths, wholeMonths.AddMonths(2).AddDays(-1)))));
        return results;
    }

    /// <summary>
    /// Sink merge throughput: small deltas (2 viewers a second) of 500 videos, 100 seconds each;
    /// the first half of the batches inserts the cells, the second half merges into them.
    /// </summary>
    private async Task MergeAsync(NpgsqlDataSource dataSource, HeatmapWriter writer)
    {
        output.WriteLine("sink merges:");
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var cellsPerBatch = 50_000;
        var batches = Math.Max(2, options.SinkCells / cellsPerBatch);
        var merge = new Stopwatch();
        long merged = 0;
        // CPU time as well as wall time: on a shared machine the wall time mostly measures the neighbours.
        var cpuBefore = await ServerCpu.ReadAsync(dataSource);
        var clientCpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        for (var b = 0; b < batches; b++)
        {
            var batch = new HeatmapBatch();
            for (var v = 0; v < cellsPerBatch / 100; v++)
            {
                var first = b * 100 % 600;
                batch.AddDelta(new HeatmapDelta($"sink-video-{v}", today, [.. Enumerable.Range(first, 100).Select(s =>
                {
                    var sketch = new HllSketch();
                    sketch.Add(HllHash.Text($"viewer-{b}-{v}-{s}"));
                    sketch.Add(HllHash.Text($"viewer-{b}-{v}"));
                    return new HeatmapSecondDelta(s, 2, sketch);
                })]));
            }
            merge.Start();
            await writer.WriteAsync(batch);
            merge.Stop();
            merged += batch.SecondsAdded;
        }
        output.WriteLine(Invariant($"  {merged:N0} delta cells in {batches} batches of {cellsPerBatch:N0}: {merged / merge.Elapsed.TotalSeconds:N0} cell merges/s (each an upsert into heatmap_daily; the months are folded below)"));
        var serverCpu = await ServerCpu.ReadAsync(dataSource) - cpuBefore;
        var clientCpu = Process.GetCurrentProcess().TotalProcessorTime - clientCpuBefore;
        output.WriteLine(Invariant($"  CPU: {serverCpu.TotalSeconds:F2} s in PostgreSQL backends + {clientCpu.TotalSeconds:F2} s in this process = {merged / (serverCpu + clientCpu).TotalSeconds:N0} cell merges per CPU-second ({merged / serverCpu.TotalSeconds:N0} per backend CPU-second)"));
        // Updates that changed no indexed column and found room on their page (HOT) skip both indexes.
        // Summed over the day partitions (migration 0009); pg_partition_tree of a plain table is the table itself.
        output.WriteLine($"  heatmap_daily updates: {await HeatmapBenchSql.ScalarAsync(dataSource, "SELECT sum(n_tup_upd) || ' (' || sum(n_tup_hot_upd) || ' HOT)' FROM pg_stat_user_tables WHERE relid IN (SELECT relid FROM pg_partition_tree('heatmap_daily'))")}");
        // What the merges left to the background: one fold of every (video, month) they touched,
        // as the sink's folder runs it once per interval (the merges above take about one default interval).
        var unfoldedRows = long.Parse(await HeatmapBenchSql.ScalarAsync(dataSource, "SELECT count(*)::text FROM heatmap_daily WHERE unfolded_plays IS NOT NULL"), CultureInfo.InvariantCulture);
        var foldCpuBefore = await ServerCpu.ReadAsync(dataSource);
        var foldClock = Stopwatch.StartNew();
        var sinkMonthsFolded = await new HeatmapMonthFolder(dataSource).FoldAsync();
        var foldCpu = await ServerCpu.ReadAsync(dataSource) - foldCpuBefore;
        output.WriteLine(Invariant($"  fold: {sinkMonthsFolded} (video, month)s, {unfoldedRows:N0} unfolded daily rows, in {foldClock.Elapsed.TotalSeconds:F2} s, {foldCpu.TotalSeconds:F2} s in PostgreSQL backends ({foldCpu.TotalMicroseconds / merged:F1} µs per cell merged above)"));
    }

    private static IReadOnlyList<HeatmapSecond> Window(HeatmapAnswer answer) =>
        answer.Source == HeatmapAnswerSource.Window ? answer.Seconds : throw new InvalidOperationException("the window was not served");

    private static string Summary(IReadOnlyList<HeatmapSecond> seconds) => seconds.Count == 0
        ? "[no rows]"
        : Invariant($"[{seconds.Count} seconds, second 0: {seconds[0].Viewers} viewers, {seconds[0].Plays} plays]");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
