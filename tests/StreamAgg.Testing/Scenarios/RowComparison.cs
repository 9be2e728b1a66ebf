using System.Text;
using StreamAgg.Core.Engagement;

namespace StreamAgg.Testing.Scenarios;

/// <summary>
/// Compares engagement rows as SEMANTICS.md §8 says: seconds within 0.001, percentages and
/// scores within 0.01, everything else exactly. Returns a readable list of differences.
/// </summary>
public static class RowComparison
{
    public static List<string> Differences(EngagementRow expected, EngagementRow actual)
    {
        var diffs = new List<string>();
        void Exact<T>(string field, T e, T a)
        {
            if (!EqualityComparer<T>.Default.Equals(e, a))
            {
                diffs.Add($"{field}: expected {e}, got {a}");
            }
        }

        void Near(string field, double? e, double? a, double tolerance)
        {
            if (e is null != a is null || (e is double x && a is double y && Math.Abs(x - y) > tolerance))
            {
                diffs.Add($"{field}: expected {e?.ToString() ?? "null"}, got {a?.ToString() ?? "null"}");
            }
        }

        Exact("videoTitle", expected.VideoTitle, actual.VideoTitle);
        Near("videoDuration", expected.VideoDuration, actual.VideoDuration, 0.001);
        Near("totalWatchTime", expected.TotalWatchTime, actual.TotalWatchTime, 0.001);
        Near("uniqueSecondsWatched", expected.UniqueSecondsWatched, actual.UniqueSecondsWatched, 0.001);
        Near("maxPositionReached", expected.MaxPositionReached, actual.MaxPositionReached, 0.001);
        Near("watchPercentage", expected.WatchPercentage, actual.WatchPercentage, 0.01);
        Near("uniqueWatchPercentage", expected.UniqueWatchPercentage, actual.UniqueWatchPercentage, 0.01);
        Near("completionPercentage", expected.CompletionPercentage, actual.CompletionPercentage, 0.01);
        Exact("sessionCount", expected.SessionCount, actual.SessionCount);
        Exact("completionCount", expected.CompletionCount, actual.CompletionCount);
        Exact("replayCount", expected.ReplayCount, actual.ReplayCount);
        Exact("totalPauses", expected.TotalPauses, actual.TotalPauses);
        Near("avgPausesPerSession", expected.AvgPausesPerSession, actual.AvgPausesPerSession, 0.001);
        Exact("totalForwardSkips", expected.TotalForwardSkips, actual.TotalForwardSkips);
        Exact("totalBackwardSkips", expected.TotalBackwardSkips, actual.TotalBackwardSkips);
        Near("engagementScore", expected.EngagementScore, actual.EngagementScore, 0.01);
        Exact("engagementTier", expected.EngagementTier, actual.EngagementTier);
        Exact("eventsApplied", expected.EventsApplied, actual.EventsApplied);
        Exact("lateEventsDropped", expected.LateEventsDropped, actual.LateEventsDropped);
        Exact("duplicateEventsDropped", expected.DuplicateEventsDropped, actual.DuplicateEventsDropped);
        Exact("firstEventAt", expected.FirstEventAtMs, actual.FirstEventAtMs);
        Exact("lastEventAt", expected.LastEventAtMs, actual.LastEventAtMs);
        Exact("qualityFlags", string.Join(",", expected.QualityFlags), string.Join(",", actual.QualityFlags));
        return diffs;
    }

    /// <summary>Compares two row sets keyed by (userId, videoId); empty when they agree.</summary>
    public static string Report(IEnumerable<EngagementRow> expected, IEnumerable<EngagementRow> actual)
    {
        var report = new StringBuilder();
        Dictionary<EngagementKey, EngagementRow> actualByKey = actual.ToDictionary(r => new EngagementKey(r.UserId, r.VideoId));
        var seen = new HashSet<EngagementKey>();
        foreach (EngagementRow e in expected)
        {
            var key = new EngagementKey(e.UserId, e.VideoId);
            seen.Add(key);
            if (!actualByKey.TryGetValue(key, out EngagementRow? a))
            {
                report.AppendLine($"{key}: missing");
                continue;
            }

            List<string> diffs = Differences(e, a);
            if (diffs.Count > 0)
            {
                report.AppendLine($"{key}: {string.Join("; ", diffs)}");
            }
        }

        foreach (EngagementKey key in actualByKey.Keys.Where(k => !seen.Contains(k)))
        {
            report.AppendLine($"{key}: unexpected row");
        }

        return report.ToString();
    }
}
