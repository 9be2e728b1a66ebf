namespace StreamAgg.Sink.Writing;

/// <summary>Why the sink dead-lettered a message.</summary>
public static class SinkDeadLetterReasons
{
    /// <summary>The value is not an engagement row, or a tombstone's key is not <c>["userId","videoId"]</c>.</summary>
    public const string Unreadable = "sink_unreadable";

    /// <summary>
    /// A readable message with values its producer never writes (an engagement row with version 0,
    /// an empty id, a number out of range): the detail says which.
    /// </summary>
    public const string Invalid = "sink_invalid";

    /// <summary>A readable row that PostgreSQL refused (a data or constraint error), alone in its own transaction.</summary>
    public const string Rejected = "sink_rejected";
}
