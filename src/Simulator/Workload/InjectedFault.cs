namespace StreamAgg.Simulator.Workload;

/// <summary>What the generator did to a message on purpose, so tests and demos can check the processor's reaction.</summary>
public enum InjectedFault : byte
{
    /// <summary>A regular event, sent in event-time order.</summary>
    None,
    /// <summary>A second copy of an event already sent (same bytes, same eventId).</summary>
    Duplicate,
    /// <summary>An event held back for a few seconds, so it arrives after later events.</summary>
    OutOfOrder,
    /// <summary>Not a JSON object (dead letter <c>invalid_json</c>).</summary>
    InvalidJson,
    /// <summary>A required field absent, or userId/videoId empty or not a string (<c>missing_field</c>).</summary>
    MissingField,
    /// <summary>An eventName outside the six known ones (<c>unknown_event</c>).</summary>
    UnknownEvent,
    /// <summary>An unparseable timestamp, or ISO-8601 without a zone (<c>bad_timestamp</c>).</summary>
    BadTimestamp,
    /// <summary>currentTime not a finite number ≥ 0 (<c>bad_position</c>).</summary>
    BadPosition,
    /// <summary>An optional field with a wrong type or out of range (<c>bad_field</c>).</summary>
    BadField,
}
