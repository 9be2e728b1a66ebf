namespace StreamAgg.Wire;

/// <summary>Kafka header names StreamAgg writes.</summary>
public static class MessageHeaders
{
    /// <summary>
    /// On a dead letter: the reason's wire name (<c>invalid_json</c>, <c>late</c> …). The
    /// record's value is the input's value exactly as received, so the reason travels only here.
    /// </summary>
    public const string DeadLetterReason = "reason";

    /// <summary>
    /// On an <c>internal_error</c> dead letter: the full name of the exception type that the
    /// application of the event threw (e.g. <c>System.ArgumentOutOfRangeException</c>).
    /// </summary>
    public const string DeadLetterError = "error";

    /// <summary>On a dead letter: where the input came from, <c>topic/partition/offset</c>.</summary>
    public const string DeadLetterSource = "source";

    /// <summary>
    /// On every record of a processor commit cycle, when tracing is on: the W3C trace context
    /// (<c>00-traceid-spanid-flags</c>) of the cycle's span, which the sink's batch spans link to.
    /// </summary>
    public const string TraceParent = "traceparent";

    /// <summary>
    /// On a player event posted through browser ingest (<c>POST /v1/events</c>): the site whose
    /// write key the request carried. The event's value stays the bytes the player sent; this is
    /// the only thing ingest vouches for about where it came from.
    /// </summary>
    public const string IngestSite = "streamagg-site";
}
