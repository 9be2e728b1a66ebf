using System.Text;

namespace StreamAgg.Processor.TestDriver;

/// <summary>A dead letter a task sent, read back from its value and headers (docs/topics.md).</summary>
/// <param name="Reason">The <c>reason</c> header (<c>invalid_json</c>, <c>late</c> …), or empty if absent.</param>
/// <param name="RawBytes">The record's value: the input exactly as received (empty for a null value).</param>
/// <param name="SourceHeader">The <c>source</c> header (<c>topic/partition/offset</c>), or null if absent.</param>
/// <param name="ErrorHeader">The <c>error</c> header (the exception type of an <c>internal_error</c>), or null if absent.</param>
public sealed record CapturedDeadLetter(string Reason, byte[] RawBytes, string? SourceHeader, string? ErrorHeader)
{
    /// <summary>The raw input decoded as UTF-8 (invalid sequences become U+FFFD: compare <see cref="RawBytes"/> for exactness).</summary>
    public string Raw => Encoding.UTF8.GetString(RawBytes);

    /// <summary>The reason header (the only place the reason travels), null if absent.</summary>
    public string? ReasonHeader => Reason.Length == 0 ? null : Reason;
}
