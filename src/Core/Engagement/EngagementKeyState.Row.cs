namespace StreamAgg.Core.Engagement;

/// <summary>Row building: final state plus the pending events, applied on a copy.</summary>
public sealed partial class EngagementKeyState
{
    /// <summary>
    /// The row of SEMANTICS.md §5 as of now. <paramref name="scratch"/> receives a copy of the
    /// interval union (reused between calls so building rows does not regrow arrays).
    /// </summary>
    internal EngagementRow BuildRow(in EngagementKey key, in EngagementRules rules, IVideoCatalog catalog, IntervalSet scratch)
    {
        Wake();
        bool hasMetadata = catalog.TryGetVideo(key.VideoId, out string? metadataTitle, out double? metadataDuration);
        double metadataD = hasMetadata && metadataDuration is double md ? md : double.NaN;

        WatchProgress head = _final;
        scratch.CopyFrom(_finalIntervals);
        for (int i = 0; i < _pending.Count; i++)
        {
            if (head.Apply(_pending[i], metadataD, rules, out CreditedInterval credit))
            {
                scratch.Add(credit.Start, credit.End);
            }
        }

        double? duration = !double.IsNaN(metadataD) ? metadataD
            : !double.IsNaN(head.EventDuration) ? head.EventDuration
            : null;
        string? title = (hasMetadata ? metadataTitle : null) ?? head.EventTitle;
        double unique = scratch.TotalLength;

        double? score = duration is double ds ? EngagementScore.Compute(unique, head.MaxPosition, head.CompletionCount, ds) : null;
        return new EngagementRow
        {
            UserId = key.UserId,
            VideoId = key.VideoId,
            VideoTitle = title,
            VideoDuration = duration,
            TotalWatchTime = head.TotalWatchTime,
            UniqueSecondsWatched = unique,
            MaxPositionReached = head.MaxPosition,
            WatchPercentage = 100 * head.TotalWatchTime / duration,
            UniqueWatchPercentage = 100 * unique / duration,
            CompletionPercentage = duration is double dc ? 100 * Math.Min(head.MaxPosition, dc) / dc : null,
            SessionCount = head.SessionCount,
            CompletionCount = head.CompletionCount,
            ReplayCount = head.ReplayCount,
            TotalPauses = head.Pauses,
            AvgPausesPerSession = head.SessionCount == 0 ? 0 : (double)head.Pauses / head.SessionCount,
            TotalForwardSkips = head.ForwardSkips,
            TotalBackwardSkips = head.BackwardSkips,
            EngagementScore = score,
            EngagementTier = EngagementScore.Tier(score),
            EventsApplied = head.EventsApplied,
            LateEventsDropped = _lateEvents,
            DuplicateEventsDropped = _duplicateEvents,
            FirstEventAtMs = head.FirstEventMs,
            LastEventAtMs = head.LastEventMs,
            QualityFlags = QualityFlags.For(
                duplicates: _duplicateEvents > 0,
                late: _lateEvents > 0,
                missingDuration: duration is null,
                beyondDuration: duration is double db && head.MaxAppliedPosition > db + rules.Tolerance),
            ActiveSession = !_sessionClosed && _maxTimestampMs != NoTimestamp,
            Version = _version,
        };
    }
}
