namespace StreamAgg.Contracts;

/// <summary>Kafka header names StreamAgg writes.</summary>
public static class MessageHeaders
{
    /// <summary>On a dead letter: the reason's wire name (<c>invalid_json</c>, <c>late</c> …), also in the body.</summary>
    public const string DeadLetterReason = "reason";

    /// <summary>On a dead letter: where the input came from, <c>topic/partition/offset</c>.</summary>
    public const string DeadLetterSource = "source";
}
