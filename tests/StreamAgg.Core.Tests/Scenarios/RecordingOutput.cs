using StreamAgg.Core.Engagement;

namespace StreamAgg.Core.Tests.Scenarios;

/// <summary>Keeps every final credited interval and the keys whose rows changed.</summary>
internal sealed class RecordingOutput : IEngagementOutput
{
    public List<(EngagementKey Key, CreditedInterval Interval)> Credits { get; } = [];

    public HashSet<EngagementKey> ChangedKeys { get; } = [];

    public int RowChanges { get; private set; }

    public void OnCredited(in EngagementKey key, in CreditedInterval interval) => Credits.Add((key, interval));

    public void OnRowChanged(in EngagementKey key)
    {
        RowChanges++;
        ChangedKeys.Add(key);
    }
}
