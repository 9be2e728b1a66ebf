namespace StreamAgg.Simulator.Production;

/// <summary>A progress report of a running simulation.</summary>
/// <param name="EventsSent">Player-event messages handed to the producer so far.</param>
/// <param name="EventsDelivered">Of those, acknowledged by the brokers.</param>
/// <param name="DeliveryErrors">Messages (events and metadata) that failed, never silently lost.</param>
/// <param name="EventsPerSecond">Send rate since the previous report.</param>
/// <param name="SimulatedTime">Send time of the latest message.</param>
/// <param name="Elapsed">Wall time since the start.</param>
/// <param name="LastError">The latest delivery error, if any.</param>
public readonly record struct SimulationProgress(
    long EventsSent,
    long EventsDelivered,
    long DeliveryErrors,
    double EventsPerSecond,
    DateTimeOffset SimulatedTime,
    TimeSpan Elapsed,
    string? LastError);
