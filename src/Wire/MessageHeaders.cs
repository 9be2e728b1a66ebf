namespace StreamAgg.Wire;

/// <summary>Kafka header names StreamAgg writes.</summary>
public static class MessageHeaders
{
    /// <summary>On a dead letter: the reason's wire name (<c>invalid_json</c>, <c>late</c> …), also in the body.</summary>
    public const string DeadLetterReason = "reason";

    /// <summary>On a dead letter: where the input came from, <c>topic/partition/offset</c>.</summary>
    public const string DeadLetterSource = "source";

    /// <summary>
    /// On every record of a processor commit cycle, when tracing is on: the W3C trace context
    /// (<c>00-traceid-spanid-flags</c>) of the cycle's span, which the sink's batch spans link to.
    /// </summary>
    public const string TraceParent = "traceparent";
}
