using System.Buffers;
using StreamAgg.Core.Engagement;
using StreamAgg.Core.Events;
using StreamAgg.Core.Videos;
using StreamAgg.Simulator;
using StreamAgg.Simulator.Workload;

namespace StreamAgg.Bench.Pipeline;

/// <summary>
/// Realistic engagement states: simulated traffic applied with the core engine until it holds
/// the wanted number of keys, each state serialized as the processor writes it to the changelog.
/// </summary>
internal sealed class StateTemplates : IEngagementOutput
{
    public static List<(EngagementKey Key, byte[] State)> Build(int keys)
    {
        var workload = EventPreload.Workload(events: long.MaxValue, viewers: Math.Max(1_000, keys), videos: 500);
        var generator = new WorkloadGenerator(workload, EventPreload.SimulatedStart);
        var parser = new PlayerEventParser();
        var engine = new EngagementEngine(EngagementOptions.Default, new VideoCatalog(), new StateTemplates());
        // Past the wanted key count, keep applying a while so most keys have several events.
        long applied = 0;
        while (engine.KeyCount < keys || applied < 8L * keys)
        {
            var message = generator.Next();
            if (parser.TryParse(message.Value.Span, out var evt) != DeadLetterReason.None)
            {
                continue;
            }

            if (engine.KeyCount < keys || engine.TryGetState(new EngagementKey(evt.UserId, evt.VideoId), out _))
            {
                engine.Apply(evt);
                applied++;
            }
        }

        var buffer = new ArrayBufferWriter<byte>(1024);
        var states = new List<(EngagementKey, byte[])>(engine.KeyCount);
        foreach (var key in engine.Keys)
        {
            engine.TryGetState(key, out var state);
            buffer.ResetWrittenCount();
            state!.Serialize(buffer);
            states.Add((key, buffer.WrittenSpan.ToArray()));
        }

        return states;
    }

    public void OnCredited(in EngagementKey key, in CreditedInterval interval)
    {
    }

    public void OnRowChanged(in EngagementKey key)
    {
    }
}
