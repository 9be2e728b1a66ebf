namespace StreamAgg.Core.Events;

/// <summary>What the parser saw for one field; validation turns it into a reason, in order.</summary>
internal enum FieldState : byte
{
    /// <summary>Not present, or JSON <c>null</c>.</summary>
    Absent,

    /// <summary>Present with a wrong type or an out-of-range value.</summary>
    Invalid,

    /// <summary>Present and valid; the decoded value is set.</summary>
    Valid,
}
