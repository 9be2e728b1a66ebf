using System.Text;
using StreamAgg.Core.Engagement;
using StreamAgg.Processor.TestDriver;
using StreamAgg.Testing.Scenarios;
using static StreamAgg.Processor.Tests.Engagement.EventJson;

namespace StreamAgg.Processor.Tests.Engagement;

/// <summary>
/// Issue 3: bad input never stops the processor. Whatever bytes arrive, the task sends a dead
/// letter (reason in body and header, raw input kept) and goes on with the next record; the
/// valid events around the junk give the row they give alone.
/// </summary>
public sealed class EngagementTaskBadInputTests
{
    private static readonly string[] Reasons = ["invalid_json", "missing_field", "unknown_event", "bad_timestamp", "bad_position", "bad_field"];

    [Fact]
    public void Process_RandomBytes_DeadLettersAndTheSessionAroundThemIsIntact()
    {
        var random = new Random(42);
        var junk = new List<byte[]>();
        for (int i = 0; i < 500; i++)
        {
            var bytes = new byte[random.Next(0, 300)];
            random.NextBytes(bytes);
            // Some start like an object, to get past the first byte.
            if (bytes.Length > 0 && i % 3 == 0)
            {
                bytes[0] = (byte)'{';
            }

            junk.Add(bytes);
        }

        AssertJunkIsDeadLetteredAroundASession(junk);
    }

    [Fact]
    public void Process_NullAndEmptyValuesAndKeys_InvalidJsonDeadLetters()
    {
        using var driver = ProcessorTestDriver.ForEngagement();
        driver.PipeInput(null, null);
        driver.PipeInput(null, []);
        driver.PipeInput([], []);
        driver.PipeInput(Key("ann"), Encoding.UTF8.GetBytes("   "));

        IReadOnlyList<CapturedDeadLetter> deadLetters = driver.ReadDeadLetters();
        Assert.Equal(4, deadLetters.Count);
        Assert.All(deadLetters, d => Assert.Equal(("invalid_json", "invalid_json"), (d.Reason, d.ReasonHeader)));
        Assert.Equal(["", "", "", "   "], deadLetters.Select(d => d.Raw));
        Assert.Equal(["player-events/0/0", "player-events/0/1", "player-events/0/2", "player-events/0/3"], deadLetters.Select(d => d.SourceHeader!));
    }

    [Fact]
    public void Process_HugeValues_DeadLettersAndTheSessionAroundThemIsIntact()
    {
        const int Size = 4 * 1024 * 1024;
        List<byte[]> junk =
        [
            Repeat("x", Size),
            Encoding.UTF8.GetBytes("{\"a\":" + new string('[', Size)),
            Encoding.UTF8.GetBytes("{\"userId\":\"" + new string('u', Size)),
            Encoding.UTF8.GetBytes("{\"videoId\":\"v1\",\"eventName\":\"video_play\",\"timestamp\":1795341600000,\"currentTime\":0,\"pad\":\"" + new string('p', Size) + "\"}"),
            Encoding.UTF8.GetBytes("[" + string.Join(",", Enumerable.Repeat("{}", Size / 3)) + "]"),
            Encoding.UTF8.GetBytes("{" + string.Join(",", Enumerable.Range(0, Size / 16).Select(i => $"\"f{i}\":{i}")) + "}"),
        ];

        AssertJunkIsDeadLetteredAroundASession(junk);
    }

    [Fact]
    public void Process_WrongShapesAndInvalidUtf8_EachItsReason()
    {
        using var driver = ProcessorTestDriver.ForEngagement();
        (string Reason, byte[] Value)[] cases =
        [
            ("invalid_json", "null"u8.ToArray()),
            ("invalid_json", "[]"u8.ToArray()),
            ("invalid_json", "\"video_play\""u8.ToArray()),
            ("invalid_json", "{\"userId\":"u8.ToArray()),
            ("missing_field", "{}"u8.ToArray()),
            ("missing_field", "{\"userId\":\"\",\"videoId\":\"v1\",\"eventName\":\"video_play\",\"timestamp\":1795341600000,\"currentTime\":0}"u8.ToArray()),
            ("unknown_event", "{\"userId\":\"u\",\"videoId\":\"v1\",\"eventName\":\"video_rewind\",\"timestamp\":1795341600000,\"currentTime\":0}"u8.ToArray()),
            ("bad_timestamp", "{\"userId\":\"u\",\"videoId\":\"v1\",\"eventName\":\"video_play\",\"timestamp\":\"2026-11-20T10:00:00\",\"currentTime\":0}"u8.ToArray()),
            ("bad_position", "{\"userId\":\"u\",\"videoId\":\"v1\",\"eventName\":\"video_play\",\"timestamp\":1795341600000,\"currentTime\":\"0\"}"u8.ToArray()),
            ("bad_field", "{\"userId\":\"u\",\"videoId\":\"v1\",\"eventName\":\"video_play\",\"timestamp\":1795341600000,\"currentTime\":0,\"playbackRate\":17}"u8.ToArray()),
            ("invalid_json", [(byte)'{', 0xC3, 0x28, 0xFF, (byte)'}']),
            // JSON text is UTF-8 (RFC 8259): invalid bytes inside a string make it invalid JSON.
            ("invalid_json", [.. "{\"userId\":\""u8, 0xFF, 0xFE, .. "\",\"videoId\":\"v1\",\"eventName\":\"video_play\",\"timestamp\":1795341600000,\"currentTime\":0}"u8]),
        ];

        foreach ((_, byte[] value) in cases)
        {
            driver.PipeInput(null, value);
        }

        IReadOnlyList<CapturedDeadLetter> deadLetters = driver.ReadDeadLetters();
        Assert.Equal(cases.Select(c => c.Reason), deadLetters.Select(d => d.Reason));
        Assert.All(deadLetters, d => Assert.Equal(d.Reason, d.ReasonHeader));
        // Valid UTF-8 is kept byte for byte.
        Assert.Equal(cases.Take(10).Select(c => Encoding.UTF8.GetString(c.Value)), deadLetters.Take(10).Select(d => d.Raw));
    }

    /// <summary>
    /// Pipes a short session of ann with the junk interleaved; every junk record is one dead
    /// letter with a known reason, and ann's row is the row of her session alone.
    /// </summary>
    private static void AssertJunkIsDeadLetteredAroundASession(List<byte[]> junk)
    {
        List<byte[]> session = Enumerable.Range(0, 10)
            .Select(i => Event("ann", "v1", i == 0 ? "video_play" : "video_heartbeat", T0.AddSeconds(10 * i), 10 * i))
            .ToList();

        using var clean = ProcessorTestDriver.ForEngagement();
        ScenarioInput.PipeAll(clean, session);
        clean.Commit();

        using var driver = ProcessorTestDriver.ForEngagement();
        int perEvent = junk.Count / session.Count + 1;
        for (int i = 0; i < session.Count; i++)
        {
            foreach (byte[] bad in junk.Skip(i * perEvent).Take(perEvent))
            {
                driver.PipeInput(Key("ann"), bad);
            }

            driver.PipeInput(Key("ann"), session[i]);
        }

        driver.Commit();

        IReadOnlyList<CapturedDeadLetter> deadLetters = driver.ReadDeadLetters();
        Assert.Equal(junk.Count, deadLetters.Count);
        Assert.All(deadLetters, d =>
        {
            Assert.Contains(d.Reason, Reasons);
            Assert.Equal(d.Reason, d.ReasonHeader);
        });
        EngagementRow expected = clean.ReadLatestEngagementRows().Values.Single();
        EngagementRow actual = driver.ReadLatestEngagementRows().Values.Single();
        Assert.Equal("", RowComparison.Report([expected], [actual]));
    }

    private static byte[] Repeat(string text, int size) => Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(text, size)));
}
