using System.Buffers;
using StreamAgg.Core.Engagement;
using StreamAgg.Core.Events;
using Xunit;
using static StreamAgg.Core.Tests.Engagement.TestEvents;

namespace StreamAgg.Core.Tests.Engagement;

/// <summary>Key states for the serialization and restore tests: built from events, serialized, rows compared.</summary>
internal static class KeyStates
{
    public static EngagementKeyState StateWith(params PlayerEvent[] events)
    {
        var h = new Harness();
        h.Apply(events);
        Assert.True(h.Engine.TryGetState(Key, out EngagementKeyState? state));
        return state;
    }

    public static byte[] Serialized(EngagementKeyState state)
    {
        var buffer = new ArrayBufferWriter<byte>();
        state.Serialize(buffer);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Rows as sortable text (quality flags spelled out, since a record prints a list by its type).</summary>
    public static List<string> Describe(IEnumerable<EngagementRow> rows) =>
        rows.Select(r => (r with { QualityFlags = [] }).ToString() + string.Join(",", r.QualityFlags)).Order(StringComparer.Ordinal).ToList();
}
