using System.Diagnostics.CodeAnalysis;
using StreamAgg.Core.Engagement;
using StreamAgg.Processor.Runtime;

namespace StreamAgg.Processor.State;

/// <summary>
/// The bottom of the engagement task's store stack: the per-key states in memory. The map itself
/// is the engine's (the pure core applies events to the states it holds); this store is the
/// runtime's view of it, so the layers above never reach into the core.
/// </summary>
internal sealed class InMemoryEngagementStore(EngagementEngine engine) : IKeyValueStore<EngagementKey, EngagementKeyState>
{
    public int Count => engine.KeyCount;

    public bool TryGet(in EngagementKey key, [NotNullWhen(true)] out EngagementKeyState? value) => engine.TryGetState(key, out value);

    /// <summary>Installs the state (its open session is watched again for idleness).</summary>
    public EngagementKeyState? Put(in EngagementKey key, EngagementKeyState value) => engine.Restore(key, value);

    public bool Delete(in EngagementKey key) => engine.Remove(key);

    public void MarkChanged(in EngagementKey key)
    {
        // The state changed in place in the map: nothing to do at this layer.
    }

    public void Flush(IRecordCollector output)
    {
        // Memory holds nothing back.
    }

    public void Dispose()
    {
        // The engine owns the map.
    }
}
