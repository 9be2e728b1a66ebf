using StreamAgg.Simulator.Workload;

namespace StreamAgg.Simulator.Tests.Support;

/// <summary>A generated message copied out of the generator's reused buffer.</summary>
internal sealed record RecordedMessage(string UserId, byte[] Key, byte[] Value, long SendTimeMs, long EventTimeMs, InjectedFault Fault)
{
    public static RecordedMessage Of(SimulatedEvent message) =>
        new(message.UserId, message.Key.ToArray(), message.Value.ToArray(), message.SendTimeMs, message.EventTimeMs, message.Fault);

    public static List<RecordedMessage> Generate(WorkloadGenerator generator, int count)
    {
        var messages = new List<RecordedMessage>(count);
        for (int i = 0; i < count; i++)
            messages.Add(Of(generator.Next()));
        return messages;
    }
}
