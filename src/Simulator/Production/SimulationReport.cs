namespace StreamAgg.Simulator.Production;

/// <summary>What a finished (or stopped) simulation sent.</summary>
public sealed record SimulationReport
{
    /// <summary>Player-event messages handed to the producer (bad input and duplicates included).</summary>
    public required long EventsSent { get; init; }

    /// <summary>Player-event messages acknowledged by the brokers.</summary>
    public required long EventsDelivered { get; init; }

    /// <summary>Video metadata messages handed to the producer.</summary>
    public required long MetadataSent { get; init; }

    /// <summary>Video metadata messages acknowledged by the brokers.</summary>
    public required long MetadataDelivered { get; init; }

    /// <summary>Messages (events and metadata) whose delivery failed.</summary>
    public required long DeliveryErrors { get; init; }

    /// <summary>Messages still unacknowledged when the final flush timed out.</summary>
    public required long Undelivered { get; init; }

    /// <summary>Bad-input messages among the events sent (each must end in the dead letters).</summary>
    public required long BadInputSent { get; init; }

    /// <summary>Duplicate messages among the events sent.</summary>
    public required long DuplicatesSent { get; init; }

    /// <summary>Events sent out of order among the events sent.</summary>
    public required long OutOfOrderSent { get; init; }

    /// <summary>Whether the run was stopped by cancellation rather than by its count or duration.</summary>
    public required bool Cancelled { get; init; }

    /// <summary>The latest delivery or production error, if any.</summary>
    public string? LastError { get; init; }

    /// <summary>Simulated time of the first possible event.</summary>
    public required DateTimeOffset SimulatedStart { get; init; }

    /// <summary>Send time of the last message sent.</summary>
    public required DateTimeOffset SimulatedEnd { get; init; }

    /// <summary>Wall time the run took, the final flush included.</summary>
    public required TimeSpan Elapsed { get; init; }

    /// <summary>Whether every message was acknowledged.</summary>
    public bool AllDelivered => DeliveryErrors == 0 && Undelivered == 0;
}
