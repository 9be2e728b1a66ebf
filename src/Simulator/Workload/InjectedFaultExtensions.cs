namespace StreamAgg.Simulator.Workload;

/// <summary>Maps injected faults to the dead-letter reasons of SEMANTICS.md §1.</summary>
public static class InjectedFaultExtensions
{
    /// <summary>The dead-letter reason the processor must report for this fault, or null when the message is valid input.</summary>
    public static string? DeadLetterReason(this InjectedFault fault) => fault switch
    {
        InjectedFault.InvalidJson => "invalid_json",
        InjectedFault.MissingField => "missing_field",
        InjectedFault.UnknownEvent => "unknown_event",
        InjectedFault.BadTimestamp => "bad_timestamp",
        InjectedFault.BadPosition => "bad_position",
        InjectedFault.BadField => "bad_field",
        _ => null,
    };

    /// <summary>Whether the message is invalid input that must end in the dead letters.</summary>
    public static bool IsBadInput(this InjectedFault fault) => fault >= InjectedFault.InvalidJson;
}
