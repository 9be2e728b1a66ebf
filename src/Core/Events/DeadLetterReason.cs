namespace StreamAgg.Core.Events;

/// <summary>
/// Why an input was not applied (SEMANTICS.md §1–2). Validation checks the reasons in the
/// declared order; <see cref="Late"/> is decided later, per key.
/// </summary>
public enum DeadLetterReason : byte
{
    /// <summary>No reason: the input is valid.</summary>
    None,
    /// <summary><c>invalid_json</c>: not a JSON object.</summary>
    InvalidJson,
    /// <summary><c>missing_field</c>: a required field is absent, or userId/videoId empty or not a string.</summary>
    MissingField,
    /// <summary><c>unknown_event</c>: eventName is not one of the six known names.</summary>
    UnknownEvent,
    /// <summary><c>bad_timestamp</c>: unparseable, or ISO-8601 without a zone.</summary>
    BadTimestamp,
    /// <summary><c>bad_position</c>: currentTime is not a finite number ≥ 0.</summary>
    BadPosition,
    /// <summary><c>bad_field</c>: an optional field has a wrong type or is out of range.</summary>
    BadField,
    /// <summary><c>late</c>: older than the key's largest timestamp minus the allowed lateness.</summary>
    Late,
}
