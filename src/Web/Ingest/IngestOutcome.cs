using StreamAgg.Core.Events;

namespace StreamAgg.Web.Ingest;

/// <summary>
/// What became of a request's events: accepted (acknowledged by Kafka), rejected (invalid, with
/// the processor's dead-letter reason, never produced), or not accepted (valid, but Kafka did not
/// acknowledge them in time: the request is answered 503 and must be sent again).
/// </summary>
internal sealed record IngestOutcome(int Accepted, int NotAccepted, IReadOnlyList<(int Index, DeadLetterReason Reason)> Rejections, TimeSpan RetryAfter);
