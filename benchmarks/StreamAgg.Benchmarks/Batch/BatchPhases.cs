using System.Buffers;
using System.Diagnostics;
using System.Text.Json;
using StreamAgg.Batch;
using StreamAgg.Core.Engagement;
using StreamAgg.Core.Events;
using StreamAgg.Core.Videos;
using StreamAgg.Heatmap;
using StreamAgg.Hll;
using StreamAgg.Wire;

namespace StreamAgg.Benchmarks.Batch;

/// <summary>
/// A breakdown of the batch path by phase in CPU time (not wall time: the machines are shared
/// and loaded), over one in-memory input: parse alone; parse and apply; parse, apply and
/// heatmap credits (the loop of <see cref="BatchAggregator.Run"/>), then its end-of-input steps
/// one by one; then the whole <see cref="BatchAggregator.Run"/> as the CLI calls it. Each figure
/// is the best of several rounds, after two warm-up rounds.
/// </summary>
internal static class BatchPhases
{
    private static readonly JsonWriterOptions RowJson = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void Run(int repeats, int rounds)
    {
        foreach (bool validOnly in new[] { false, true })
        {
            var traffic = ScenarioTraffic.Create(repeats, validOnly);
            Console.WriteLine($"scenario 11 x {repeats}{(validOnly ? ", valid lines only" : "")}: {traffic.Lines:N0} lines, {traffic.Events.Length:N0} bytes (load {Load()})");
            var credits = Record(traffic);
            Console.WriteLine($"  {credits.Count:N0} credited intervals covering {credits.Sum(c => (long)Math.Ceiling(c.End) - (long)Math.Floor(c.Start)):N0} seconds");
            var best = new Dictionary<string, (double Cpu, long Bytes)>();
            var order = new List<string>();
            for (int round = -2; round < rounds; round++)
            {
                var times = new List<(string Name, double Cpu, long Bytes)>();
                Time(times, "parse", () => Parse(traffic));
                Time(times, "parse + apply", () => Apply(traffic, heatmap: null));
                Pipeline(traffic, times);
                Time(times, "BatchAggregator.Run", () => Whole(traffic));
                Time(times, "heatmap credits alone", () => Replay(credits));
                if (round < 0)
                {
                    continue;
                }

                foreach (var (name, cpu, bytes) in times)
                {
                    if (!best.TryGetValue(name, out var previous))
                    {
                        order.Add(name);
                        best[name] = (cpu, bytes);
                    }
                    else if (cpu < previous.Cpu)
                    {
                        best[name] = (cpu, bytes);
                    }
                }
            }

            foreach (string name in order)
            {
                var (cpu, bytes) = best[name];
                Console.WriteLine($"  {name,-30} {cpu * 1000,8:F1} ms  {cpu * 1e9 / traffic.Lines,7:F0} ns/line  {traffic.Lines / cpu,11:N0} lines/CPU-s  {(double)bytes / traffic.Lines,8:F1} B/line");
            }
        }
    }

    private static string Load() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    private static void Time(List<(string, double, long)> times, string name, Action body)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        double before = ThreadCpuClock.Seconds();
        long bytes = GC.GetAllocatedBytesForCurrentThread();
        body();
        times.Add((name, ThreadCpuClock.Seconds() - before, GC.GetAllocatedBytesForCurrentThread() - bytes));
    }

    private static void Parse(ScenarioTraffic traffic)
    {
        var parser = new PlayerEventParser();
        foreach (var line in Lines(traffic.Events))
        {
            parser.TryParse(traffic.Events.AsSpan(line.Start, line.Length), out _);
        }
    }

    private static EngagementEngine Apply(ScenarioTraffic traffic, HeatmapAccumulator? heatmap)
    {
        var engine = new EngagementEngine(EngagementOptions.Default, Catalog(traffic), new CreditSink(heatmap));
        var parser = new PlayerEventParser();
        foreach (var line in Lines(traffic.Events))
        {
            if (parser.TryParse(traffic.Events.AsSpan(line.Start, line.Length), out var evt) == DeadLetterReason.None)
            {
                engine.Apply(evt);
            }
        }

        return engine;
    }

    // The steps of BatchAggregator.Run, timed one by one.
    private static void Pipeline(ScenarioTraffic traffic, List<(string, double, long)> times)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var heatmap = new HeatmapAccumulator(HllSettings.Default, null, HeatmapTracking.Totals);
        EngagementEngine engine = null!;
        List<EngagementRow> rows = null!;
        List<HeatmapRow> cells = null!;
        Step(times, "parse + apply + heatmap", () => engine = Apply(traffic, heatmap));
        Step(times, "  end: flush", () => engine.Flush());
        Step(times, "  end: build and sort rows", () => rows = engine.BuildAllRows()
            .OrderBy(r => r.UserId, StringComparer.Ordinal)
            .ThenBy(r => r.VideoId, StringComparer.Ordinal)
            .ToList());
        Step(times, "  end: write rows (JSON)", () =>
        {
            var output = new MemoryStream();
            var buffer = new ArrayBufferWriter<byte>(4096);
            using var writer = new Utf8JsonWriter(buffer, RowJson);
            foreach (var row in rows)
            {
                buffer.ResetWrittenCount();
                writer.Reset(buffer);
                EngagementRowJson.Write(writer, row, includeStreamingFields: false);
                writer.Flush();
                output.Write(buffer.WrittenSpan);
                output.WriteByte((byte)'\n');
            }
        });
        Step(times, "  end: heatmap rows", () => cells = heatmap.Rows().ToList());
        Step(times, "  end: heatmap CSV", () =>
        {
            using var csv = new StreamWriter(new MemoryStream());
            HeatmapCsv.Write(csv, cells);
        });
    }

    private static void Step(List<(string, double, long)> times, string name, Action body)
    {
        double before = ThreadCpuClock.Seconds();
        long bytes = GC.GetAllocatedBytesForCurrentThread();
        body();
        times.Add((name, ThreadCpuClock.Seconds() - before, GC.GetAllocatedBytesForCurrentThread() - bytes));
    }

    // Every credit of a run, to time the heatmap alone.
    private static List<(string VideoId, DateOnly Day, string UserId, double Start, double End)> Record(ScenarioTraffic traffic)
    {
        var sink = new CreditSink(null, record: true);
        var engine = new EngagementEngine(EngagementOptions.Default, Catalog(traffic), sink);
        var parser = new PlayerEventParser();
        foreach (var line in Lines(traffic.Events))
        {
            if (parser.TryParse(traffic.Events.AsSpan(line.Start, line.Length), out var evt) == DeadLetterReason.None)
            {
                engine.Apply(evt);
            }
        }

        engine.Flush();
        return sink.Recorded;
    }

    private static void Replay(List<(string VideoId, DateOnly Day, string UserId, double Start, double End)> credits)
    {
        var heatmap = new HeatmapAccumulator(HllSettings.Default, null, HeatmapTracking.Totals);
        foreach (var (videoId, day, userId, start, end) in credits)
        {
            heatmap.Credit(videoId, day, userId, start, end);
        }
    }

    private static void Whole(ScenarioTraffic traffic)
    {
        using var heatmap = new StreamWriter(new MemoryStream());
        new BatchAggregator().Run(
            new MemoryStream(traffic.Events, writable: false),
            new MemoryStream(traffic.Videos, writable: false),
            new MemoryStream(),
            heatmap,
            new MemoryStream());
    }

    private static VideoCatalog Catalog(ScenarioTraffic traffic)
    {
        var catalog = new VideoCatalog();
        foreach (var line in Lines(traffic.Videos))
        {
            if (VideoMetadataParser.TryParse(traffic.Videos.AsSpan(line.Start, line.Length), out var video) == VideoMetadataError.None && video is not null)
            {
                catalog.Upsert(video);
            }
        }

        return catalog;
    }

    private static IEnumerable<(int Start, int Length)> Lines(byte[] text)
    {
        int start = 0;
        while (start < text.Length)
        {
            int newline = Array.IndexOf(text, (byte)'\n', start);
            int end = newline < 0 ? text.Length : newline;
            if (end > start)
            {
                yield return (start, end - start);
            }

            start = end + 1;
        }
    }

    /// <summary>Credits the heatmap as <see cref="BatchAggregator"/> does (or nothing without one), or records the credits.</summary>
    private sealed class CreditSink(HeatmapAccumulator? heatmap, bool record = false) : IEngagementOutput
    {
        public List<(string VideoId, DateOnly Day, string UserId, double Start, double End)> Recorded { get; } = [];

        public void OnCredited(in EngagementKey key, in CreditedInterval interval)
        {
            if (record)
            {
                Recorded.Add((key.VideoId, DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeMilliseconds(interval.CreditedFromMs).UtcDateTime), key.UserId, interval.Start, interval.End));
                return;
            }

            if (heatmap is null)
            {
                return;
            }

            var day = DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeMilliseconds(interval.CreditedFromMs).UtcDateTime);
            heatmap.Credit(key.VideoId, day, key.UserId, interval.Start, interval.End);
        }

        public void OnRowChanged(in EngagementKey key)
        {
        }
    }
}
