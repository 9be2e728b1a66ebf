namespace StreamAgg.Core.Engagement;

/// <summary>
/// A key held in memory that nothing is waiting for (its session closed, no pending events, not
/// watched for idleness), so it can leave memory: <see cref="EngagementEngine.TryEvict"/>.
/// </summary>
/// <param name="Key">The key.</param>
/// <param name="NewestMs">Its newest applied event time: the smallest was active least recently.</param>
public readonly record struct FinishedKey(EngagementKey Key, long NewestMs);
