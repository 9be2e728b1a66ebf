using System.Diagnostics.CodeAnalysis;

namespace StreamAgg.Core.Engagement;

/// <summary>
/// Where the engine finds a key it does not hold in memory (a tier below it, such as the
/// processor's disk store of evicted keys). The engine asks on a miss only, so a key it holds
/// costs nothing; a key the source has not either is new.
/// </summary>
public interface IKeyStateSource
{
    /// <summary>The key's state if the source holds it; the engine then holds it in memory again.</summary>
    bool TryLoad(in EngagementKey key, [NotNullWhen(true)] out EngagementKeyState? state);
}
