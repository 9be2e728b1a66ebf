using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using StreamAgg.Simulator.Tests.Support;
using StreamAgg.Simulator.Workload;
using Xunit;

namespace StreamAgg.Simulator.Tests.Workload;

public sealed class WorkloadGeneratorTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 20, 8, 0, 0, TimeSpan.Zero);

    private static readonly SimulationOptions Small = new()
    {
        Viewers = 300,
        Videos = 60,
        Seed = 11,
        BadInputFraction = 0,
        DuplicateFraction = 0.01,
        OutOfOrderFraction = 0.01,
    };

    [Fact]
    public void Next_SameSeedAndStart_GivesSameBytes()
    {
        var first = RecordedMessage.Generate(new WorkloadGenerator(Small with { BadInputFraction = 0.02 }, Start), 20_000);
        var second = RecordedMessage.Generate(new WorkloadGenerator(Small with { BadInputFraction = 0.02 }, Start), 20_000);

        for (int i = 0; i < first.Count; i++)
        {
            Assert.Equal(first[i].Value, second[i].Value);
            Assert.Equal(first[i].Key, second[i].Key);
            Assert.Equal(first[i].SendTimeMs, second[i].SendTimeMs);
            Assert.Equal(first[i].Fault, second[i].Fault);
        }
    }

    [Fact]
    public void Next_OtherSeed_GivesOtherMessages()
    {
        var first = RecordedMessage.Generate(new WorkloadGenerator(Small, Start), 1000);
        var other = RecordedMessage.Generate(new WorkloadGenerator(Small with { Seed = 12 }, Start), 1000);

        int same = first.Zip(other).Count(pair => pair.First.Value.AsSpan().SequenceEqual(pair.Second.Value));
        Assert.True(same < 10, $"{same} of 1000 messages are identical across seeds");
    }

    [Fact]
    public void Next_OtherStart_UsesOtherEventIds()
    {
        static HashSet<string> EventIds(DateTimeOffset start) =>
            RecordedMessage.Generate(new WorkloadGenerator(Small, start), 2000)
                .Select(ParsedEvent.Parse).Select(e => e.EventId).OfType<string>().ToHashSet();

        Assert.Empty(EventIds(Start).Intersect(EventIds(Start.AddDays(1))));
    }

    [Fact]
    public void Next_NoBadInputFraction_EveryMessageIsAValidEvent()
    {
        var messages = RecordedMessage.Generate(new WorkloadGenerator(Small, Start), 50_000);

        foreach (var message in messages)
        {
            string? reason = PlayerEventRules.DeadLetterReason(message.Value);
            Assert.True(reason is null, $"{reason}: {Encoding.UTF8.GetString(message.Value)}");
            Assert.False(message.Fault.IsBadInput());
        }
    }

    [Fact]
    public void Next_Timestamps_AreMostlyIsoUtcWithMillisecondsSomeEpochMillisSomeOffsets()
    {
        var events = RecordedMessage.Generate(new WorkloadGenerator(Small, Start), 20_000).Select(ParsedEvent.Parse).ToList();

        int isoUtc = events.Count(e => Regex.IsMatch(e.TimestampText, @"^""\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z""$"));
        int epoch = events.Count(e => Regex.IsMatch(e.TimestampText, @"^\d{13}$"));
        int offset = events.Count(e => Regex.IsMatch(e.TimestampText, @"^""\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d""$"));

        Assert.Equal(events.Count, isoUtc + epoch + offset);
        Assert.True(isoUtc > events.Count * 0.85, $"{isoUtc} ISO UTC of {events.Count}");
        Assert.True(epoch > events.Count * 0.02, $"{epoch} epoch millis of {events.Count}");
        Assert.True(offset > events.Count * 0.005, $"{offset} offsets of {events.Count}");
    }

    [Fact]
    public void Next_Messages_AreKeyedByTheirUserId()
    {
        var messages = RecordedMessage.Generate(new WorkloadGenerator(Small with { BadInputFraction = 0.05 }, Start), 20_000);

        Assert.All(messages, m => Assert.Equal(Encoding.UTF8.GetBytes(m.UserId), m.Key));
        Assert.All(messages.Where(m => !m.Fault.IsBadInput()), m => Assert.Equal(m.UserId, ParsedEvent.Parse(m).UserId));
        Assert.Contains(messages, m => m.UserId.Contains('|'));
        Assert.Contains(messages, m => m.UserId.StartsWith("user", StringComparison.Ordinal));
    }

    [Fact]
    public void Next_SendTimes_NeverGoBack()
    {
        var messages = RecordedMessage.Generate(new WorkloadGenerator(Small with { DuplicateFraction = 0.05, OutOfOrderFraction = 0.05 }, Start), 20_000);

        for (int i = 1; i < messages.Count; i++)
            Assert.True(messages[i].SendTimeMs >= messages[i - 1].SendTimeMs, $"message {i} is sent before message {i - 1}");
        Assert.True(messages[0].SendTimeMs >= Start.ToUnixTimeMilliseconds());
    }

    [Fact]
    public void Next_EventIds_AreUniqueAndOnlyDuplicatesRepeatThem()
    {
        var messages = RecordedMessage.Generate(new WorkloadGenerator(Small with { DuplicateFraction = 0.05 }, Start), 30_000);
        var seen = new Dictionary<string, byte[]>();
        int withoutId = 0;

        foreach (var message in messages)
        {
            var parsed = ParsedEvent.Parse(message);
            if (parsed.EventId is not { } id)
            {
                withoutId++;
                continue;
            }

            if (message.Fault == InjectedFault.Duplicate)
            {
                Assert.True(seen.TryGetValue(id, out var original), $"duplicate {id} was never sent before");
                Assert.Equal(original, message.Value);
            }
            else
            {
                Assert.True(seen.TryAdd(id, message.Value), $"eventId {id} is reused by a message that is not a duplicate");
            }
        }

        Assert.InRange(withoutId, 1, messages.Count / 10);
    }

    [Fact]
    public void Next_DuplicateFraction_ResendsAboutThatShareOfEvents()
    {
        var messages = RecordedMessage.Generate(new WorkloadGenerator(Small with { DuplicateFraction = 0.05 }, Start), 40_000);

        double share = messages.Count(m => m.Fault == InjectedFault.Duplicate) / (double)messages.Count;

        Assert.InRange(share, 0.035, 0.06);
    }

    [Fact]
    public void Next_OutOfOrderFraction_HoldsEventsBackForAFewSeconds()
    {
        var messages = RecordedMessage.Generate(new WorkloadGenerator(Small with { OutOfOrderFraction = 0.05 }, Start), 40_000);
        var late = messages.Where(m => m.Fault == InjectedFault.OutOfOrder).ToList();

        Assert.InRange(late.Count / (double)messages.Count, 0.035, 0.065);
        Assert.All(late, m => Assert.InRange(m.SendTimeMs - m.EventTimeMs, 500, 5000));
        Assert.All(late, m => Assert.Equal(m.EventTimeMs, ParsedEvent.Parse(m).TimestampMs));

        // Some of them really arrive after a later event of their own user+video.
        var newest = new Dictionary<(string, string), long>();
        int overtaken = 0;
        foreach (var parsed in messages.Select(ParsedEvent.Parse))
        {
            var key = (parsed.UserId, parsed.VideoId);
            if (newest.TryGetValue(key, out long max) && parsed.TimestampMs < max)
                overtaken++;
            newest[key] = Math.Max(max, parsed.TimestampMs);
        }

        Assert.True(overtaken > 0);
    }

    [Fact]
    public void Next_BadInputFraction_YieldsEveryDeadLetterReasonAsLabelled()
    {
        var messages = RecordedMessage.Generate(new WorkloadGenerator(Small with { BadInputFraction = 0.1 }, Start), 30_000);
        var bad = messages.Where(m => m.Fault.IsBadInput()).ToList();

        foreach (var message in messages)
        {
            string? expected = message.Fault.DeadLetterReason();
            Assert.True(expected == PlayerEventRules.DeadLetterReason(message.Value), $"labelled {expected}: {Encoding.UTF8.GetString(message.Value)}");
        }

        Assert.InRange(bad.Count / (double)messages.Count, 0.085, 0.115);
        string[] reasons = ["invalid_json", "missing_field", "unknown_event", "bad_timestamp", "bad_position", "bad_field"];
        var produced = bad.Select(m => m.Fault.DeadLetterReason()).ToHashSet();
        Assert.All(reasons, reason => Assert.Contains(reason, produced));
        // Each reason comes in several spellings, not one canned line.
        Assert.True(bad.Select(m => Encoding.UTF8.GetString(m.Value)).Distinct().Count() > bad.Count / 2);
    }

    [Fact]
    public void Next_FromTheStart_SendsAtASteadyRateOfAboutViewersOver120()
    {
        var generator = new WorkloadGenerator(Small with { Viewers = 3000 }, Start);
        long startMs = Start.ToUnixTimeMilliseconds();
        var perHour = new int[6];
        SimulatedEvent message;
        while ((message = generator.Next()).SendTimeMs < startMs + (6 * 3_600_000))
            perHour[(message.SendTimeMs - startMs) / 3_600_000]++;

        // No warm-up burst: the audience starts in its steady state.
        Assert.All(perHour, count => Assert.InRange(count / 3600.0, 3000 / 160.0, 3000 / 90.0));
        Assert.InRange(perHour[0] / (double)perHour[5], 0.8, 1.25);
    }

    [Fact]
    public void MetadataMessages_CoverSomeButNotAllVideos()
    {
        var generator = new WorkloadGenerator(Small with { Videos = 200 }, Start);
        var metadata = generator.MetadataMessages();

        Assert.InRange(metadata.Count, 1, generator.Videos.Count - 1);
        var byId = generator.Videos.ToDictionary(v => v.VideoId);
        foreach (var message in metadata)
        {
            using var json = JsonDocument.Parse(message.Value);
            var root = json.RootElement;
            var video = byId[message.VideoId];
            Assert.True(video.HasMetadata);
            Assert.Equal(message.VideoId, root.GetProperty("videoId").GetString());
            Assert.Equal(video.Title, root.GetProperty("title").GetString());
            Assert.Equal(video.DurationSeconds, root.GetProperty("duration").GetDouble());
            Assert.True(video.DurationSeconds > 0);
        }

        Assert.Equal(generator.Videos.Count(v => v.HasMetadata), metadata.Count);
        // Without metadata, some videos still get their duration from events and some stay unknown.
        Assert.Contains(generator.Videos, v => !v.HasMetadata && v.EventsCarryDuration);
        Assert.Contains(generator.Videos, v => !v.HasMetadata && !v.EventsCarryDuration);
    }

    [Fact]
    public void Videos_Durations_RangeFromClipsToFortyMinutes()
    {
        var videos = new WorkloadGenerator(Small with { Videos = 500 }, Start).Videos;

        Assert.All(videos, v => Assert.InRange(v.DurationSeconds, 15, 2400));
        Assert.Contains(videos, v => v.DurationSeconds < 60);
        Assert.Contains(videos, v => v.DurationSeconds > 1800);
        Assert.Equal(videos.Count, videos.Select(v => v.VideoId).Distinct().Count());
    }

    [Fact]
    public void Next_VideosWhosePlayersOmitTheDuration_NeverSendIt()
    {
        var generator = new WorkloadGenerator(Small, Start);
        var silent = generator.Videos.Where(v => !v.EventsCarryDuration).Select(v => v.VideoId).ToHashSet();
        var events = RecordedMessage.Generate(generator, 20_000).Select(ParsedEvent.Parse).ToList();

        Assert.Contains(events, e => silent.Contains(e.VideoId));
        Assert.All(events.Where(e => silent.Contains(e.VideoId)), e => Assert.Null(e.VideoDuration));
        Assert.Contains(events, e => e.VideoDuration is not null);
    }

    [Fact]
    public void Constructor_InvalidOptions_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => new WorkloadGenerator(Small with { Viewers = 0 }, Start));

        Assert.Contains("viewers", error.Message, StringComparison.Ordinal);
    }
}
