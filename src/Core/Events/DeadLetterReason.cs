namespace StreamAgg.Core.Events;

/// <summary>
/// Why an input was not applied (SEMANTICS.md §1–2). Validation checks the reasons in the
/// declared order; <see cref="Late"/> is decided later, per key.
/// </summary>
public enum DeadLetterReason : byte
{
    /// <summary>No reason: the input is valid.</summary>
    None,
    /// <summary><c>invalid_json</c>: not a JSON object, or nested deeper than 64 levels.</summary>
    InvalidJson,
    /// <summary><c>missing_field</c>: a required field is absent, or userId/videoId empty or not a string.</summary>
    MissingField,
    /// <summary><c>unknown_event</c>: eventName is not one of the six known names.</summary>
    UnknownEvent,
    /// <summary><c>bad_timestamp</c>: unparseable, ISO-8601 without a zone, outside the years 2000–2099, or (streaming) too far ahead of its Kafka record.</summary>
    BadTimestamp,
    /// <summary><c>bad_position</c>: currentTime is not a finite number in [0, 10,000,000].</summary>
    BadPosition,
    /// <summary><c>bad_field</c>: an optional field has a wrong type or is out of range.</summary>
    BadField,
    /// <summary><c>late</c>: older than the key's largest timestamp minus the allowed lateness.</summary>
    Late,
    /// <summary>
    /// <c>internal_error</c>: a valid event whose application threw (a defect in StreamAgg). It
    /// was set aside with its key's state unchanged, so that one event cannot stop the pipeline.
    /// </summary>
    InternalError,
}
