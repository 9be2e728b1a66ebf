using System.Text;
using StreamAgg.Batch;
using StreamAgg.Core.Engagement;
using StreamAgg.Simulator;
using StreamAgg.Simulator.Workload;
using StreamAgg.Wire;

namespace StreamAgg.Integration.Tests.Crash;

/// <summary>
/// A deterministic simulated workload (the simulator's player fleet, bad input, duplicates and
/// out-of-order events included) and what the batch <c>aggregate</c> makes of it: the reference
/// the streaming pipeline must match after any crash.
/// </summary>
/// <remarks>
/// The workload ends with one sentinel event per input partition, a day after the last event:
/// it moves every partition's stream time past every session timeout, so the processor closes
/// every session (and credits their last events to the heatmap) as batch does at end of input.
/// The sentinels are part of the batch input too, so both sides see the same events and the
/// comparison needs no exclusions: each gives one row per sentinel (a single play credits nothing).
/// </remarks>
internal sealed class CrashWorkload
{
    // Recent days: the sink expires heatmap rows past their retention (90 days), by its clock.
    private static readonly DateTimeOffset Start = new DateTimeOffset(DateTime.UtcNow.Date, TimeSpan.Zero).AddDays(-2).AddHours(8);

    private CrashWorkload(
        List<(byte[] Key, byte[] Value)> events,
        List<(string VideoId, byte[] Value)> videos,
        List<(int Partition, byte[] Key, byte[] Value)> sentinels)
    {
        Events = events;
        Videos = videos;
        Sentinels = sentinels;
        (ExpectedRows, ExpectedHeatmap) = Aggregate();
    }

    /// <summary>Player events in send order, keyed by userId.</summary>
    public IReadOnlyList<(byte[] Key, byte[] Value)> Events { get; }

    /// <summary>Video metadata messages, keyed by videoId.</summary>
    public IReadOnlyList<(string VideoId, byte[] Value)> Videos { get; }

    /// <summary>The closing events, one for each input partition.</summary>
    public IReadOnlyList<(int Partition, byte[] Key, byte[] Value)> Sentinels { get; }

    /// <summary>Batch's engagement rows for the whole input (sentinels included).</summary>
    public IReadOnlyList<EngagementRow> ExpectedRows { get; }

    /// <summary>Batch's heatmap CSV lines (no header), ordered.</summary>
    public IReadOnlyList<string> ExpectedHeatmap { get; }

    public static CrashWorkload Generate(int seed, int eventCount, int partitions)
    {
        var options = new SimulationOptions { Seed = seed, Viewers = 2_000, Videos = 60 };
        var generator = new WorkloadGenerator(options, Start);
        var events = new List<(byte[] Key, byte[] Value)>(eventCount);
        long lastMs = Start.ToUnixTimeMilliseconds();
        for (var i = 0; i < eventCount; i++)
        {
            var message = generator.Next();
            events.Add((message.Key.ToArray(), message.Value.ToArray()));
            lastMs = Math.Max(lastMs, message.EventTimeMs);
        }

        var videos = generator.MetadataMessages().Select(m => (m.VideoId, m.Value)).ToList();
        var closing = DateTimeOffset.FromUnixTimeMilliseconds(lastMs).AddDays(1);
        var sentinels = Enumerable.Range(0, partitions).Select(p =>
        {
            var user = $"~sentinel-{p}";
            var json = $$"""{"timestamp": "{{closing:yyyy-MM-ddTHH:mm:ss.fffZ}}", "userId": "{{user}}", "sessionId": "~sentinel", "videoId": "~sentinel", "eventName": "video_play", "currentTime": 0}""";
            return (p, Encoding.UTF8.GetBytes(user), Encoding.UTF8.GetBytes(json));
        }).ToList();
        return new CrashWorkload(events, videos, sentinels);
    }

    private (List<EngagementRow> Rows, List<string> Heatmap) Aggregate()
    {
        using var input = new MemoryStream();
        foreach (var value in Events.Select(e => e.Value).Concat(Sentinels.Select(s => s.Value)))
        {
            input.Write(value);
            input.WriteByte((byte)'\n');
        }

        input.Position = 0;
        using var videos = new MemoryStream();
        foreach (var (_, value) in Videos)
        {
            videos.Write(value);
            videos.WriteByte((byte)'\n');
        }

        videos.Position = 0;
        using var rows = new MemoryStream();
        using var heatmap = new StringWriter();
        new BatchAggregator().Run(input, videos, rows, heatmap, null);
        var parsed = Encoding.UTF8.GetString(rows.ToArray())
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => EngagementRowJson.Read(Encoding.UTF8.GetBytes(l)))
            .ToList();
        var cells = heatmap.ToString()
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Skip(1)
            .Order(StringComparer.Ordinal)
            .ToList();
        return (parsed, cells);
    }
}
