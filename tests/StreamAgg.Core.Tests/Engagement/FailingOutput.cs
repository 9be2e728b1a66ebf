using StreamAgg.Core.Engagement;
using StreamAgg.Core.Tests.Scenarios;

namespace StreamAgg.Core.Tests.Engagement;

/// <summary>
/// Records like <see cref="RecordingOutput"/>, but throws on the reports of one key while
/// <see cref="Failing"/> is set: a heatmap or session counter with a defect.
/// </summary>
internal sealed class FailingOutput : IEngagementOutput
{
    public RecordingOutput Recorded { get; } = new();

    public EngagementKey? Failing { get; set; }

    public int SessionsOpened { get; private set; }

    public void OnCredited(in EngagementKey key, in CreditedInterval interval)
    {
        ThrowIfFailing(key);
        Recorded.OnCredited(key, interval);
    }

    public void OnRowChanged(in EngagementKey key) => Recorded.OnRowChanged(key);

    public void OnSessionOpened(in EngagementKey key)
    {
        ThrowIfFailing(key);
        SessionsOpened++;
    }

    private void ThrowIfFailing(in EngagementKey key)
    {
        if (Failing is { } failing && failing.Equals(key))
        {
            throw new ArgumentOutOfRangeException(nameof(key), "credit out of range");
        }
    }
}
