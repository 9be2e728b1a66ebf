namespace StreamAgg.Simulator.Workload;

/// <summary>
/// One message for the <c>player-events</c> topic. <see cref="Value"/> points into a buffer the
/// generator reuses: it is valid only until the next call to <see cref="WorkloadGenerator.Next"/>.
/// </summary>
public readonly struct SimulatedEvent
{
    internal SimulatedEvent(string userId, byte[] keyUtf8, ReadOnlyMemory<byte> value, long sendTimeMs, long eventTimeMs, InjectedFault fault)
    {
        UserId = userId;
        KeyUtf8 = keyUtf8;
        Value = value;
        SendTimeMs = sendTimeMs;
        EventTimeMs = eventTimeMs;
        Fault = fault;
    }

    /// <summary>The viewer, which is also the message key (producers key events by userId).</summary>
    public string UserId { get; }

    /// <summary>The message key: <see cref="UserId"/> as UTF-8.</summary>
    public ReadOnlyMemory<byte> Key => KeyUtf8;

    /// <summary>The message value: the event as UTF-8 JSON (or, for bad input, whatever a broken client sent).</summary>
    public ReadOnlyMemory<byte> Value { get; }

    /// <summary>Simulated time at which the message is sent, epoch milliseconds; never decreases along the stream.</summary>
    public long SendTimeMs { get; }

    /// <summary>The event time the message describes, epoch milliseconds (earlier than <see cref="SendTimeMs"/> for held-back events).</summary>
    public long EventTimeMs { get; }

    /// <summary>What was done to this message on purpose.</summary>
    public InjectedFault Fault { get; }

    /// <summary><see cref="SendTimeMs"/> as a time.</summary>
    public DateTimeOffset SendTime => DateTimeOffset.FromUnixTimeMilliseconds(SendTimeMs);

    /// <summary><see cref="EventTimeMs"/> as a time.</summary>
    public DateTimeOffset EventTime => DateTimeOffset.FromUnixTimeMilliseconds(EventTimeMs);

    // Shared with the viewer: never written to.
    internal byte[] KeyUtf8 { get; }
}
