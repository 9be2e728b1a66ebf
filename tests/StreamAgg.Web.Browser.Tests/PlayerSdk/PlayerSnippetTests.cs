using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using StreamAgg.Web.Browser.Tests.Chromium;

namespace StreamAgg.Web.Browser.Tests.PlayerSdk;

/// <summary>
/// The player snippet in headless chromium, playing a real video: the events it sends, checked
/// field by field and through StreamAgg's own parser and engine.
/// </summary>
[Collection(ChromiumCollection.Name)]
public sealed class PlayerSnippetTests(HeadlessChromium chromium, SnippetSite site)
{
    private const string WriteKey = "write-key-of-the-snippet-tests";

    [Fact]
    public async Task Attach_PlayToEndThenReplay_SendsPlayHeartbeatsEndAndAReplay()
    {
        var inbox = site.NewInbox();
        var page = await OpenAsync(inbox, heartbeatMs: 1000);

        await page.EvaluateAsync("() => v.play()");
        await WaitForEventAsync(inbox, "video_end");
        // play() after the end rewinds to 0 by itself: that is a replay, not a seek.
        await page.EvaluateAsync("() => v.play()");
        await page.WaitForFunctionAsync("() => v.currentTime >= 1");
        await page.EvaluateAsync("() => v.pause()");
        var events = await WaitForEventAsync(inbox, "video_pause");

        Assert.Equal(["video_play"], Names(events).Take(1));
        var end = events.Single(e => Name(e) == "video_end");
        var beforeEnd = events.TakeWhile(e => Name(e) != "video_end").ToList();
        Assert.True(beforeEnd.Count(e => Name(e) == "video_heartbeat") >= SnippetSite.VideoSeconds - 3, string.Join(",", Names(events)));
        Assert.Equal(SnippetSite.VideoSeconds, Number(end, "currentTime"), 1);
        var afterEnd = events.SkipWhile(e => Name(e) != "video_end").Skip(1).ToList();
        Assert.Equal("video_play", Name(afterEnd[0]));
        Assert.InRange(Number(afterEnd[0], "currentTime"), 0, 0.3);
        Assert.DoesNotContain("video_seek", Names(events));
        foreach (var e in events)
        {
            Assert.Equal(SnippetSite.VideoSeconds, Number(e, "videoDuration"), 1);
            Assert.Equal(1, Number(e, "playbackRate"));
            Assert.Equal("snippet-video", (string?)e["videoId"]);
            Assert.StartsWith("anon-", (string?)e["userId"], StringComparison.Ordinal);
            Assert.Equal((string?)events[0]["sessionId"], (string?)e["sessionId"]);
            Assert.True(DateTimeOffset.TryParseExact((string?)e["timestamp"], "yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture, DateTimeStyles.None, out _));
        }

        Assert.Equal(events.Count, events.Select(e => (string?)e["eventId"]).Distinct().Count());
        Assert.All(inbox.Requests, r =>
        {
            Assert.StartsWith("application/json", r.ContentType, StringComparison.Ordinal);
            Assert.Equal(WriteKey, r.KeyHeader);
        });

        var row = AggregatedEvents.Of(events).Row;
        Assert.Equal(1, row.CompletionCount);
        Assert.Equal(1, row.ReplayCount);
        Assert.Equal(0, row.TotalForwardSkips);
        Assert.Equal(0, row.TotalBackwardSkips);
        Assert.InRange(row.UniqueSecondsWatched, SnippetSite.VideoSeconds - 0.5, SnippetSite.VideoSeconds);
        // The whole video, then the replay from its play to its pause.
        var replayed = Number(events[^1], "currentTime") - Number(afterEnd[0], "currentTime");
        Assert.InRange(row.TotalWatchTime, row.UniqueSecondsWatched + replayed - 0.01, row.UniqueSecondsWatched + replayed + 0.01);
    }

    [Fact]
    public async Task Seek_WhilePlayingAndWhilePaused_CarriesThePositionLeftAsFromTime()
    {
        var inbox = site.NewInbox();
        var page = await OpenAsync(inbox);

        await page.EvaluateAsync("() => v.play()");
        await page.WaitForFunctionAsync("() => v.currentTime >= 1.2");
        var left = await page.EvaluateAsync<double>("() => { const at = v.currentTime; v.currentTime = 5; return at; }");
        await page.WaitForFunctionAsync("() => v.currentTime >= 5.5");
        await page.EvaluateAsync("() => v.pause()");
        var paused = await page.EvaluateAsync<double>("() => v.currentTime");
        await page.EvaluateAsync("() => { v.currentTime = 0.5; }");
        await WaitForEventAsync(inbox, "video_seek", count: 2);
        await page.EvaluateAsync("() => v.play()");
        await page.WaitForFunctionAsync("() => v.currentTime >= 1");
        await page.EvaluateAsync("() => v.pause()");
        var events = await WaitForEventAsync(inbox, "video_pause", count: 2);

        Assert.Equal(["video_play", "video_seek", "video_pause", "video_seek", "video_resume", "video_pause"], Names(events));
        var seeks = events.Where(e => Name(e) == "video_seek").ToList();
        // While playing: the position the viewer left, known to within the 250 ms between two
        // 'timeupdate' events (frames may also have moved a little after the read).
        Assert.InRange(Number(seeks[0], "fromTime"), left - 0.5, left + 0.3);
        Assert.Equal(5, Number(seeks[0], "currentTime"), 1);
        // While paused: exactly where it was paused.
        Assert.Equal(paused, Number(seeks[1], "fromTime"), 2);
        Assert.Equal(0.5, Number(seeks[1], "currentTime"), 1);
        Assert.Equal(0.5, Number(events[4], "currentTime"), 1);

        var row = AggregatedEvents.Of(events).Row;
        Assert.Equal(1, row.TotalForwardSkips);
        Assert.Equal(1, row.TotalBackwardSkips);
        Assert.Equal(2, row.TotalPauses);
        // Credited: [0, left), [5, paused), [0.5, ~1): their union.
        Assert.InRange(row.UniqueSecondsWatched, left + (paused - 5) - 0.1, left + (paused - 5) + 0.6);
    }

    [Fact]
    public async Task PlaybackRate_ChangedWhilePlaying_ClosesTheIntervalAtTheOldRate()
    {
        var inbox = site.NewInbox();
        var page = await OpenAsync(inbox);

        await page.EvaluateAsync("() => v.play()");
        await page.WaitForFunctionAsync("() => v.currentTime >= 0.5");
        await page.EvaluateAsync("() => { v.playbackRate = 2; }");
        await page.WaitForFunctionAsync("() => v.currentTime >= 3");
        await page.EvaluateAsync("() => v.pause()");
        var events = await WaitForEventAsync(inbox, "video_pause");

        Assert.Equal(["video_play", "video_heartbeat", "video_pause"], Names(events));
        Assert.Equal(1, Number(events[0], "playbackRate"));
        Assert.Equal(2, Number(events[1], "playbackRate"));
        Assert.InRange(Number(events[1], "currentTime"), 0.5, Number(events[2], "currentTime") - 1);
        var row = AggregatedEvents.Of(events).Row;
        Assert.Equal(0, row.TotalForwardSkips);
        var watched = Number(events[2], "currentTime") - Number(events[0], "currentTime");
        Assert.InRange(row.UniqueSecondsWatched, watched - 0.01, watched + 0.01);
    }

    [Fact]
    public async Task Pagehide_WithEventsQueued_SendsThemInABeaconWithTheKeyInTheQuery()
    {
        var inbox = site.NewInbox();
        // Nothing leaves by the timer: only the page going away can send.
        var page = await OpenAsync(inbox, flushMs: 600_000);

        await page.EvaluateAsync("() => v.play()");
        await page.WaitForFunctionAsync("() => v.currentTime >= 1");
        Assert.Empty(inbox.Requests);
        await page.GotoAsync(new Uri(site.Address, "/blank").ToString());
        var events = await WaitForEventAsync(inbox, "video_heartbeat");

        var beacon = Assert.Single(inbox.Requests);
        Assert.StartsWith("text/plain", beacon.ContentType, StringComparison.Ordinal);
        Assert.Equal(WriteKey, beacon.KeyQuery);
        Assert.Equal(["video_play", "video_heartbeat"], Names(events));
        Assert.True(Number(events[1], "currentTime") >= 1);
        AggregatedEvents.Of(events);
    }

    [Fact]
    public async Task Ingest_Unavailable_RetriesTheSameEventsLater()
    {
        var inbox = site.NewInbox();
        inbox.AnswerNext(503, retryAfterSeconds: 1);
        inbox.AnswerNext(429, retryAfterSeconds: 1);
        var page = await OpenAsync(inbox);

        await page.EvaluateAsync("() => v.play()");
        await page.WaitForFunctionAsync("() => v.currentTime >= 0.5");
        await page.EvaluateAsync("() => v.pause()");
        await WaitForEventAsync(inbox, "video_pause");

        var requests = inbox.Requests;
        Assert.Equal([503, 429, 202], requests.Take(3).Select(r => r.Status));
        var refused = requests[0].Events.Select(e => (string?)e["eventId"]).ToList();
        Assert.Equal(refused, requests[1].Events.Select(e => (string?)e["eventId"]).Take(refused.Count));
        Assert.Equal(refused, requests[2].Events.Select(e => (string?)e["eventId"]).Take(refused.Count));
        Assert.Equal(["video_play", "video_pause"], Names(inbox.Accepted));
    }

    [Fact]
    public async Task Viewer_AnonymousIdPersistsAcrossPageViews_SessionIdDoesNot()
    {
        var inbox = site.NewInbox();
        var page = await OpenAsync(inbox);
        var first = await page.EvaluateAsync<string[]>("() => [tracker.userId, tracker.sessionId]");
        await page.ReloadAsync();
        await AttachAsync(page, inbox, 10_000, 200, userId: null);
        var second = await page.EvaluateAsync<string[]>("() => [tracker.userId, tracker.sessionId]");
        await page.ReloadAsync();
        await AttachAsync(page, inbox, 10_000, 200, userId: "subscriber-42");
        var signedIn = await page.EvaluateAsync<string>("() => tracker.userId");

        Assert.StartsWith("anon-", first[0], StringComparison.Ordinal);
        Assert.Equal(first[0], second[0]);
        Assert.NotEqual(first[1], second[1]);
        Assert.Equal("subscriber-42", signedIn);
    }

    [Fact]
    public async Task Attach_ToAVideoAlreadyPlaying_SendsThePlayAtOnce()
    {
        var inbox = site.NewInbox();
        var page = await chromium.NewPageAsync();
        await page.GotoAsync(site.PlayerPage.ToString());
        await page.EvaluateAsync("() => { window.v = document.getElementById('video'); v.autoplay = true; v.load(); }");
        await page.WaitForFunctionAsync("() => v.currentTime >= 0.5");
        await AttachAsync(page, inbox, 10_000, 100, userId: null);
        var events = await WaitForEventAsync(inbox, "video_play");

        Assert.InRange(Number(events[0], "currentTime"), 0.5, SnippetSite.VideoSeconds);
        await page.Context.CloseAsync();
    }

    private async Task<IPage> OpenAsync(Inbox inbox, int heartbeatMs = 10_000, int flushMs = 100)
    {
        var page = await chromium.NewPageAsync();
        await page.GotoAsync(site.PlayerPage.ToString());
        await AttachAsync(page, inbox, heartbeatMs, flushMs, userId: null);
        return page;
    }

    private static async Task AttachAsync(IPage page, Inbox inbox, int heartbeatMs, int flushMs, string? userId)
    {
        var options = new Dictionary<string, object>
        {
            ["endpoint"] = inbox.Endpoint.ToString(),
            ["writeKey"] = WriteKey,
            ["videoId"] = "snippet-video",
            ["heartbeatIntervalMs"] = heartbeatMs,
            ["flushIntervalMs"] = flushMs,
        };
        if (userId is not null)
        {
            options["userId"] = userId;
        }

        await page.EvaluateAsync("o => { window.v = document.getElementById('video'); window.tracker = StreamAgg.attach(v, o); }", options);
        await page.WaitForFunctionAsync("() => v.readyState >= 3");
    }

    private static Task<IReadOnlyList<JsonObject>> WaitForEventAsync(Inbox inbox, string name, int count = 1) =>
        Eventually.UntilAsync<IReadOnlyList<JsonObject>>(
            () => Task.FromResult(inbox.Accepted is var events && events.Count(e => Name(e) == name) >= count ? events : null),
            $"{count} {name} in the inbox");

    private static string? Name(JsonObject e) => (string?)e["eventName"];

    private static List<string?> Names(IEnumerable<JsonObject> events) => [.. events.Select(Name)];

    private static double Number(JsonObject e, string field) => e[field]!.GetValue<double>();
}
