using StreamAgg.Core.Engagement;

namespace StreamAgg.Processor.Tests.Engagement;

/// <summary>For running the pure core beside the task when only its rows or outcomes matter.</summary>
internal sealed class IgnoredEngagementOutput : IEngagementOutput
{
    public void OnCredited(in EngagementKey key, in CreditedInterval interval)
    {
    }

    public void OnRowChanged(in EngagementKey key)
    {
    }
}
