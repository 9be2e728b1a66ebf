using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;

using StreamAgg.Core.Events;

namespace StreamAgg.Wire;

/// <summary>
/// Writes a dead letter as <c>{"reason":"…","raw":"…"}</c> (SEMANTICS.md §8), the raw input as
/// one JSON string.
/// </summary>
/// <remarks>
/// The string decodes to the raw input byte for byte when the input is valid UTF-8. JSON
/// strings cannot hold invalid UTF-8, so otherwise each invalid sequence becomes U+FFFD (the
/// standard replacement) and all valid text around it is kept. How characters are escaped is
/// the writer's encoder's choice; <see cref="WriterOptions"/> escapes only what JSON requires,
/// which keeps the output readable.
/// </remarks>
public static class DeadLetterJson
{
    private static readonly JsonEncodedText ReasonName = JsonEncodedText.Encode("reason"u8);
    private static readonly JsonEncodedText RawName = JsonEncodedText.Encode("raw"u8);

    /// <summary>
    /// Writer options for dead-letter output: escape only what JSON requires (quotes,
    /// backslashes, control characters), so <c>"</c> stays <c>\"</c> rather than <c>\u0022</c>.
    /// Safe for files and Kafka; do not embed the output in HTML unescaped.
    /// </summary>
    public static JsonWriterOptions WriterOptions { get; } = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Writes <c>{"reason":…,"raw":…}</c> as the next value of <paramref name="writer"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="reason"/> is <see cref="DeadLetterReason.None"/> or undefined.</exception>
    public static void Write(Utf8JsonWriter writer, DeadLetterReason reason, ReadOnlySpan<byte> raw)
    {
        ArgumentNullException.ThrowIfNull(writer);
        JsonEncodedText reasonText = reason.ToJsonEncodedText();
        writer.WriteStartObject();
        writer.WriteString(ReasonName, reasonText);
        if (Utf8.IsValid(raw))
        {
            writer.WriteString(RawName, raw);
        }
        else
        {
            writer.WriteString(RawName, Encoding.UTF8.GetString(raw));
        }

        writer.WriteEndObject();
    }

    /// <summary>Writes <paramref name="deadLetter"/> as the next value of <paramref name="writer"/>.</summary>
    public static void Write(Utf8JsonWriter writer, in DeadLetter deadLetter) =>
        Write(writer, deadLetter.Reason, deadLetter.Raw.Span);

    /// <summary>
    /// The dead letter as UTF-8 JSON (no trailing newline), written with
    /// <see cref="WriterOptions"/>.
    /// </summary>
    public static byte[] ToUtf8Bytes(DeadLetterReason reason, ReadOnlySpan<byte> raw)
    {
        var buffer = new ArrayBufferWriter<byte>(raw.Length + 48);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            Write(writer, reason, raw);
        }

        return buffer.WrittenSpan.ToArray();
    }
}
