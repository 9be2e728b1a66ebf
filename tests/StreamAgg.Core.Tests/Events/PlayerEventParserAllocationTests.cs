using System.Runtime.CompilerServices;
using System.Text;
using StreamAgg.Core.Events;
using Xunit;

namespace StreamAgg.Core.Tests.Events;

/// <summary>
/// Steady-state parsing allocates nothing (STYLE.md: hot paths). Counts bytes allocated on this
/// thread, which is deterministic; no timing is involved.
/// </summary>
public sealed class PlayerEventParserAllocationTests
{
    // Rejected inputs too: validation failures, and non-objects that are turned away before
    // the reader could throw (an exception would allocate).
    [Theory]
    [InlineData("""{"eventId": "e738", "timestamp": "2026-11-20T08:19:25.322Z", "userId": "user0019", "videoId": "v006", "eventName": "video_heartbeat", "currentTime": 132.39, "sessionId": "see85b2eb", "videoDuration": 1200.0, "videoTitle": "Video 11", "playbackRate": 1.0}""")]
    [InlineData("""{"eventId": "e599", "timestamp": 1795164556089, "userId": "user0017", "videoId": "v004", "eventName": "video_seek", "currentTime": 78.228, "fromTime": 12.5, "extra": {"a": [1, 2, {"b": null}]}}""")]
    [InlineData("""{"timestamp": "2026-11-20T10:00:56.6829+02:00", "userId": "J\u00fcrgen|\"x\"", "videoId": "v\u0031", "eventName": "video\u005fplay", "currentTime": 0, "eventId": "\u0065\u0031"}""")]
    [InlineData("""{"userId":"u1","videoId":"v1","eventName":"video_play","timestamp":"2026-11-20T10:00:00Z","currentTime":1,"playbackRate":0}""")]
    [InlineData("""{"userId":"u1","videoId":"v1","eventName":"video_rewind","timestamp":"yesterday","currentTime":0}""")]
    [InlineData("not json at all")]
    [InlineData("[1,2,3]")]
    [InlineData("  ")]
    public void TryParse_SameInputRepeated_AllocatesNothing(string json)
    {
        var parser = new PlayerEventParser();
        byte[][] lines = [Encoding.UTF8.GetBytes(json)];

        Assert.Equal(0, SteadyStateAllocatedBytes(parser, lines, rounds: 10_000));
    }

    [Fact]
    public void TryParse_RecurringIdsAcrossManyEvents_AllocatesNothingOnceSeen()
    {
        var parser = new PlayerEventParser();
        byte[][] lines = [.. Enumerable.Range(0, 200).Select(i => Encoding.UTF8.GetBytes(
            $$"""{"userId":"user{{i % 50}}","videoId":"v{{i % 7}}","sessionId":"s{{i % 50}}","eventName":"video_heartbeat","timestamp":{{1795341600000 + i}},"currentTime":{{i}}.5,"eventId":"e{{i}}"}"""))];
        foreach (byte[] line in lines)
        {
            Assert.Equal(DeadLetterReason.None, parser.TryParse(line, out _));
        }

        Assert.Equal(0, SteadyStateAllocatedBytes(parser, lines, rounds: 50));
    }

    /// <summary>
    /// Bytes allocated on this thread by parsing every line <paramref name="rounds"/> times,
    /// after a warm-up. The least of three measurements is returned: the runtime may allocate
    /// once in a while on this thread (tiering, on-stack replacement), but an allocation per
    /// event would show in every measurement.
    /// </summary>
    private static long SteadyStateAllocatedBytes(PlayerEventParser parser, byte[][] lines, int rounds)
    {
        ParseAll(parser, lines, rounds);
        long least = long.MaxValue;
        for (int attempt = 0; attempt < 3; attempt++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            ParseAll(parser, lines, rounds);
            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        return least;
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void ParseAll(PlayerEventParser parser, byte[][] lines, int rounds)
    {
        for (int round = 0; round < rounds; round++)
        {
            foreach (byte[] line in lines)
            {
                parser.TryParse(line, out _);
            }
        }
    }
}
