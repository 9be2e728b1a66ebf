namespace StreamAgg.Processor.TestDriver;

/// <summary>A dead letter a task sent, read back from its body and headers.</summary>
/// <param name="Reason">The reason in the body (<c>invalid_json</c>, <c>late</c> …).</param>
/// <param name="Raw">The raw input as the body holds it.</param>
/// <param name="ReasonHeader">The <c>reason</c> header, or null if absent.</param>
/// <param name="SourceHeader">The <c>source</c> header (<c>topic/partition/offset</c>), or null if absent.</param>
public sealed record CapturedDeadLetter(string Reason, string Raw, string? ReasonHeader, string? SourceHeader);
