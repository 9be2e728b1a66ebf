namespace StreamAgg.Core.Engagement;

/// <summary>
/// Where <see cref="EngagementEngine"/> reports what it decided. The batch command and the
/// streaming processor each implement it (heatmap accumulation, dirty-row tracking); the core
/// never writes anywhere itself. Late events are reported through
/// <see cref="EngagementEngine.Apply"/>'s return value, because only the caller holds the raw input
/// a dead letter must keep.
/// </summary>
public interface IEngagementOutput
{
    /// <summary>
    /// A credited interval became final (SEMANTICS.md §2, §6): feed it to the heatmap. Each
    /// interval is reported exactly once; provisional credits are never reported.
    /// </summary>
    void OnCredited(in EngagementKey key, in CreditedInterval interval);

    /// <summary>
    /// The key's row changed (an event applied or dropped, a session closed): its row should be
    /// rebuilt with <see cref="EngagementEngine.BuildRow"/> before the next emit.
    /// </summary>
    void OnRowChanged(in EngagementKey key);

    /// <summary>
    /// The key's latest session opened (its first event, or the first after a close). Streaming
    /// shells count open sessions with it; the default does nothing.
    /// </summary>
    void OnSessionOpened(in EngagementKey key)
    {
    }

    /// <summary>The key's latest session closed, for <paramref name="cause"/>. The default does nothing.</summary>
    void OnSessionClosed(in EngagementKey key, SessionCloseCause cause)
    {
    }
}
