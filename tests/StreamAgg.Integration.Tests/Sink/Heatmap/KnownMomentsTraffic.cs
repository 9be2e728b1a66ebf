using System.Globalization;
using System.Text;
using StreamAgg.Batch;
using StreamAgg.Sink.Heatmap;

namespace StreamAgg.Integration.Tests.Sink.Heatmap;

/// <summary>
/// Player events of a 300-second video whose key moments are known, and their heatmap as the real
/// engagement core credits it (the batch aggregator over the events, one UTC day). Every viewer
/// plays from 0; then, drawn with a fixed seed:
/// <list type="bullet">
/// <item><see cref="IntroLeavers"/> of them pause at <see cref="IntroDropSecond"/> and leave (the intro drop);</item>
/// <item>of the rest, <see cref="Skippers"/> seek from <see cref="SkipFrom"/> to <see cref="SkipTo"/> and watch to the end (a dip at the first, a jump-in at the second);</item>
/// <item>of the others, those still watching at 100 s rewatch [<see cref="RewatchFrom"/>, 100) with probability <see cref="Rewatchers"/>;</item>
/// <item>and leave at <see cref="DipSecond"/> with probability <see cref="DipLeavers"/> (a dip), else at a uniform second after the intro half of the time, else watch to the end.</item>
/// </list>
/// With every share set to 0 only the uniform departures remain: a heatmap without moments.
/// </summary>
internal sealed record KnownMomentsTraffic
{
    public const int Length = 300;
    public const int IntroDropSecond = 12;
    public const int SkipFrom = 40;
    public const int SkipTo = 200;
    public const int RewatchFrom = 90;
    public const int DipSecond = 150;
    private const int RewatchAt = 100;

    public int Viewers { get; init; } = 1000;
    public double IntroLeavers { get; init; } = 0.25;
    public double Skippers { get; init; } = 0.10;
    public double Rewatchers { get; init; } = 0.30;
    public double DipLeavers { get; init; } = 0.15;
    public int Seed { get; init; } = 14;

    /// <summary>The video's heatmap: its seconds, as the batch path's heatmap CSV gives them.</summary>
    public IReadOnlyList<HeatmapSecond> Heatmap()
    {
        var events = new StringBuilder();
        var random = new Random(Seed);
        var day = new DateTimeOffset(2026, 11, 20, 8, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < Viewers; i++)
        {
            var viewer = new Viewer(events, $"u{i}", day.AddSeconds(i));
            viewer.Event("video_play", 0);
            if (random.NextDouble() < IntroLeavers)
            {
                viewer.Event("video_pause", IntroDropSecond);
                continue;
            }
            if (random.NextDouble() < Skippers)
            {
                viewer.Seek(SkipFrom, SkipTo);
                viewer.Event("video_end", Length);
                continue;
            }
            var rewatch = random.NextDouble() < Rewatchers;
            var leaveAt = random.NextDouble() < DipLeavers ? DipSecond
                : random.NextDouble() < 0.5 ? random.Next(31, Length)
                : Length;
            if (rewatch && leaveAt > RewatchAt)
                viewer.Seek(RewatchAt, RewatchFrom);
            viewer.Event(leaveAt == Length ? "video_end" : "video_pause", leaveAt);
        }

        var videos = new MemoryStream(Encoding.UTF8.GetBytes($$"""{"videoId": "v", "title": "known moments", "duration": {{Length}}}""" + "\n"));
        var heatmap = new StringWriter(CultureInfo.InvariantCulture);
        new BatchAggregator().Run(new MemoryStream(Encoding.UTF8.GetBytes(events.ToString())), videos, null, heatmap, null);
        return [.. heatmap.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(line => line.Split(','))
            .Select(f => new HeatmapSecond(int.Parse(f[2], CultureInfo.InvariantCulture), long.Parse(f[3], CultureInfo.InvariantCulture), long.Parse(f[4], CultureInfo.InvariantCulture)))
            .OrderBy(s => s.Second)];
    }

    /// <summary>One viewer's session, playing at rate 1: each event's time follows from the positions played so far.</summary>
    private sealed class Viewer(StringBuilder events, string userId, DateTimeOffset start)
    {
        private double _played;
        private double _position;

        public void Event(string name, double position)
        {
            _played += Math.Max(0, position - _position);
            _position = position;
            Append(name, position, fromTime: null);
        }

        public void Seek(double from, double to)
        {
            _played += from - _position;
            _position = to;
            Append("video_seek", to, from);
        }

        private void Append(string name, double position, double? fromTime)
        {
            var time = start.AddSeconds(_played).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
            var from = fromTime is { } f ? string.Create(CultureInfo.InvariantCulture, $", \"fromTime\": {f}") : "";
            events.Append(CultureInfo.InvariantCulture, $$"""{"userId": "{{userId}}", "videoId": "v", "sessionId": "{{userId}}-s", "eventName": "{{name}}", "timestamp": "{{time}}", "currentTime": {{position}}{{from}}}""").Append('\n');
        }
    }
}
