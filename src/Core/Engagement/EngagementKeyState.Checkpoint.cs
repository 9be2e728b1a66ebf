using StreamAgg.Core.Events;

namespace StreamAgg.Core.Engagement;

public sealed partial class EngagementKeyState
{
    /// <summary>Copies the state into <paramref name="checkpoint"/>, to undo an <see cref="Apply"/> that fails.</summary>
    internal void SaveTo(KeyStateCheckpoint checkpoint)
    {
        Wake();
        checkpoint.Final = _final;
        checkpoint.FinalIntervals.CopyFrom(_finalIntervals);
        checkpoint.PendingCount = _pending.CopyTo(ref checkpoint.Pending);
        checkpoint.SeenCount = _seen.Count;
        checkpoint.MaxTimestampMs = _maxTimestampMs;
        checkpoint.FlushedThroughMs = _flushedThroughMs;
        checkpoint.LateEvents = _lateEvents;
        checkpoint.DuplicateEvents = _duplicateEvents;
        checkpoint.Version = _version;
        checkpoint.SessionClosed = _sessionClosed;
        checkpoint.NewestSessionId = _newestSessionId;
        checkpoint.NewestWasEnd = _newestWasEnd;
    }

    /// <summary>
    /// Puts back the state saved in <paramref name="checkpoint"/> just before <paramref name="evt"/>
    /// was applied, whatever point the application reached.
    /// </summary>
    internal void RestoreFrom(KeyStateCheckpoint checkpoint, in PlayerEvent evt)
    {
        _final = checkpoint.Final;
        _finalIntervals.CopyFrom(checkpoint.FinalIntervals);
        _pending.CopyFrom(checkpoint.Pending, checkpoint.PendingCount);
        if (_seen.Count > checkpoint.SeenCount)
        {
            _seen.Remove(EventIdentity.Of(evt));
        }

        _maxTimestampMs = checkpoint.MaxTimestampMs;
        _flushedThroughMs = checkpoint.FlushedThroughMs;
        _lateEvents = checkpoint.LateEvents;
        _duplicateEvents = checkpoint.DuplicateEvents;
        _version = checkpoint.Version;
        _sessionClosed = checkpoint.SessionClosed;
        _newestSessionId = checkpoint.NewestSessionId;
        _newestWasEnd = checkpoint.NewestWasEnd;
    }
}
