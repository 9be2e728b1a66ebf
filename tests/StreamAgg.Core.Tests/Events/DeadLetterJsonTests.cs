using System.Buffers;
using System.Text;
using System.Text.Json;
using StreamAgg.Core.Events;
using StreamAgg.Wire;
using Xunit;

namespace StreamAgg.Core.Tests.Events;

public sealed class DeadLetterJsonTests
{
    [Fact]
    public void Write_BadInputScenario_MatchesExpectedDeadLetters()
    {
        var parser = new PlayerEventParser();
        var written = new List<(string, string)>();
        foreach (byte[] line in ScenarioLines.RawLines("10-bad-input", "events.ndjson"))
        {
            DeadLetterReason reason = parser.TryParse(line, out _);
            if (reason != DeadLetterReason.None)
            {
                written.Add(Read(DeadLetterJson.ToUtf8Bytes(reason, line)));
            }
        }

        Assert.Equal(ScenarioLines.ExpectedDeadLetters("10-bad-input").Order(), written.Order());
    }

    [Fact]
    public void Write_RawWithQuotesAndNonAscii_ReadableAndExact()
    {
        byte[] raw = Encoding.UTF8.GetBytes("{\"userId\":\"Jürgen\\u00fc\",\"t\":\"a\tb\"} <&>'");

        byte[] json = DeadLetterJson.ToUtf8Bytes(DeadLetterReason.InvalidJson, raw);

        Assert.Equal(
            "{\"reason\":\"invalid_json\",\"raw\":\"{\\\"userId\\\":\\\"Jürgen\\\\u00fc\\\",\\\"t\\\":\\\"a\\tb\\\"} <&>'\"}",
            Encoding.UTF8.GetString(json));
        Assert.Equal(("invalid_json", Encoding.UTF8.GetString(raw)), Read(json));
    }

    [Fact]
    public void Write_DefaultWriterOptions_StillDecodesToRaw()
    {
        byte[] raw = Encoding.UTF8.GetBytes("{\"userId\":\"Jürgen\"} <&>");
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            DeadLetterJson.Write(writer, new DeadLetter(DeadLetterReason.Late, raw));
        }

        Assert.Equal(("late", Encoding.UTF8.GetString(raw)), Read(buffer.WrittenSpan.ToArray()));
    }

    [Fact]
    public void Write_InvalidUtf8_ReplacedAndValidTextKept()
    {
        byte[] raw = [(byte)'{', (byte)'a', 0xC3, 0x28, (byte)'b', 0xFF, (byte)'}'];

        (string reason, string text) = Read(DeadLetterJson.ToUtf8Bytes(DeadLetterReason.InvalidJson, raw));

        Assert.Equal("invalid_json", reason);
        Assert.Equal("{a\uFFFD(b\uFFFD}", text);
    }

    [Fact]
    public void Write_EmptyRaw_EmptyString()
    {
        Assert.Equal(("invalid_json", ""), Read(DeadLetterJson.ToUtf8Bytes(DeadLetterReason.InvalidJson, [])));
    }

    [Fact]
    public void Write_ReasonNone_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => DeadLetterJson.ToUtf8Bytes(DeadLetterReason.None, "{}"u8));
    }

    [Fact]
    public void Write_SeveralIntoOneWriter_ProducesArray()
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, DeadLetterJson.WriterOptions))
        {
            writer.WriteStartArray();
            DeadLetterJson.Write(writer, DeadLetterReason.BadField, "x"u8);
            DeadLetterJson.Write(writer, DeadLetterReason.Late, "y"u8);
            writer.WriteEndArray();
        }

        Assert.Equal("""[{"reason":"bad_field","raw":"x"},{"reason":"late","raw":"y"}]""", Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    private static (string Reason, string Raw) Read(byte[] json)
    {
        using var doc = JsonDocument.Parse(json);
        Assert.Equal(2, doc.RootElement.EnumerateObject().Count());
        return (doc.RootElement.GetProperty("reason").GetString()!, doc.RootElement.GetProperty("raw").GetString()!);
    }
}
