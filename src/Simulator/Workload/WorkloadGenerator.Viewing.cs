using System.Globalization;
using System.Text;

namespace StreamAgg.Simulator.Workload;

/// <summary>How a viewer's player behaves: one action at a time, each scheduling the next.</summary>
public sealed partial class WorkloadGenerator
{
    private const int MaxRememberedVideos = 8;

    /// <summary>Performs the viewer's due action and schedules the next; true when it produced an event in <see cref="_event"/>.</summary>
    private bool Act(Viewer viewer, long now)
    {
        switch (viewer.Action)
        {
            case ViewerAction.StartVisit:
                viewer.SessionId = viewer.SendsSessionId ? NewSessionId() : null;
                int video = viewer.Unfinished is { Count: > 0 } unfinished && _random.Chance(ViewingHabits.ResumeUnfinishedChance)
                    ? unfinished.Keys.First()
                    : _catalog.PickByPopularity(_random);
                StartVideo(viewer, now, video);
                return true;
            case ViewerAction.Heartbeat:
                Heartbeat(viewer, now);
                return true;
            case ViewerAction.Pause:
                Pause(viewer, now);
                return true;
            case ViewerAction.Resume:
                viewer.Mode = ViewerMode.Playing;
                viewer.PositionMs = now;
                Describe(viewer, EventName.Resume, now, viewer.Position);
                SchedulePlaying(viewer, now, heartbeatOnly: false);
                return true;
            case ViewerAction.Seek:
                Seek(viewer, now);
                return true;
            case ViewerAction.SilentSkip:
                SilentSkip(viewer, now);
                return false;
            case ViewerAction.Close:
                RememberUnfinished(viewer, now);
                GoAway(viewer, now);
                return false;
            case ViewerAction.Switch:
                RememberUnfinished(viewer, now);
                StartVideo(viewer, now, _catalog.PickOther(_random, viewer.VideoIndex));
                return true;
            case ViewerAction.End:
                End(viewer, now);
                return true;
            case ViewerAction.Replay:
                Play(viewer, now, 0);
                return true;
            default:
                StartVideo(viewer, now, _catalog.PickOther(_random, viewer.VideoIndex));
                return true;
        }
    }

    /// <summary>Starts a video at 0, where the viewer left it on an earlier visit, or (deep link) somewhere inside.</summary>
    private void StartVideo(Viewer viewer, long now, int videoIndex)
    {
        viewer.VideoIndex = videoIndex;
        double duration = _videos[videoIndex].DurationSeconds;
        double start = 0;
        if (viewer.Unfinished is { } unfinished && unfinished.Remove(videoIndex, out double left))
            start = Math.Max(0, left - _random.Uniform(0, 10));
        else if (_random.Chance(ViewingHabits.DeepLinkChance))
            start = _random.Uniform(0, 0.6 * duration);
        Play(viewer, now, Round(start));
    }

    private void Play(Viewer viewer, long now, double position)
    {
        viewer.Mode = ViewerMode.Playing;
        viewer.Rate = viewer.PreferredRate;
        viewer.Position = position;
        viewer.PositionMs = now;
        ref var e = ref Describe(viewer, EventName.Play, now, position);
        e.WithTitle = e.Video.EventsCarryDuration && _random.Chance(ViewingHabits.TitleOnPlayChance);
        SchedulePlaying(viewer, now, heartbeatOnly: false);
    }

    private void Heartbeat(Viewer viewer, long now)
    {
        double position = viewer.PositionAt(now);
        if (_random.Chance(ViewingHabits.StallChance))
            position = Math.Max(viewer.Position, position - _random.Uniform(1, 3));
        viewer.Position = Round(position);
        viewer.PositionMs = now;
        // A rate change shows on the heartbeat that follows it; playback goes on at the new rate from here.
        if (_random.Chance(ViewingHabits.RateChangeChance))
            viewer.Rate = OtherRate(viewer.Rate);
        Describe(viewer, EventName.Heartbeat, now, viewer.Position);
        SchedulePlaying(viewer, now, heartbeatOnly: false);
    }

    private void Pause(Viewer viewer, long now)
    {
        viewer.Position = Round(viewer.PositionAt(now));
        viewer.PositionMs = now;
        viewer.Mode = ViewerMode.Paused;
        Describe(viewer, EventName.Pause, now, viewer.Position);
        double next = _random.NextDouble();
        if (next < ViewingHabits.CloseWhilePausedChance)
            Schedule(viewer, ViewerAction.Close, now + ViewingHabits.PauseMs(_random));
        else if (next < ViewingHabits.CloseWhilePausedChance + ViewingHabits.SeekWhilePausedChance)
            Schedule(viewer, ViewerAction.Seek, now + _random.UniformMs(1, 20));
        else
            Schedule(viewer, ViewerAction.Resume, now + ViewingHabits.PauseMs(_random));
    }

    private void Seek(Viewer viewer, long now)
    {
        double from = Round(viewer.PositionAt(now));
        double kind = _random.NextDouble();
        double target = kind switch
        {
            < 0.60 => from + _random.Uniform(10, 120),
            < 0.95 => from - _random.Uniform(5, 60),
            _ => 0,
        };
        viewer.Position = Round(Math.Clamp(target, 0, Math.Max(0, _videos[viewer.VideoIndex].DurationSeconds - 1)));
        viewer.PositionMs = now;
        ref var e = ref Describe(viewer, EventName.Seek, now, viewer.Position);
        if (_random.Chance(ViewingHabits.FromTimeChance))
            e.FromTime = from;
        if (viewer.Mode == ViewerMode.Playing)
            SchedulePlaying(viewer, now, heartbeatOnly: false);
        else
            Schedule(viewer, ViewerAction.Resume, now + _random.UniformMs(1, 5));
    }

    /// <summary>The playhead jumps with no event: the next heartbeat shows a position time cannot explain.</summary>
    private void SilentSkip(Viewer viewer, long now)
    {
        double from = viewer.PositionAt(now);
        double target = _random.Chance(0.7) ? from + _random.Uniform(15, 90) : from - _random.Uniform(5, 30);
        viewer.Position = Round(Math.Clamp(target, 0, Math.Max(0, _videos[viewer.VideoIndex].DurationSeconds - 1)));
        viewer.PositionMs = now;
        SchedulePlaying(viewer, viewer.LastEventMs, heartbeatOnly: true);
        if (viewer.ActionMs <= now)
            viewer.ActionMs = now + 1;
    }

    private void End(Viewer viewer, long now)
    {
        double duration = _videos[viewer.VideoIndex].DurationSeconds;
        viewer.Position = duration;
        viewer.PositionMs = now;
        viewer.Mode = ViewerMode.Ended;
        viewer.Unfinished?.Remove(viewer.VideoIndex);
        Describe(viewer, EventName.End, now, duration);
        double next = _random.NextDouble();
        if (next < ViewingHabits.ReplayChance)
            Schedule(viewer, ViewerAction.Replay, now + _random.UniformMs(2, 20));
        else if (next < ViewingHabits.ReplayChance + ViewingHabits.NextVideoChance)
            Schedule(viewer, ViewerAction.NextVideo, now + _random.UniformMs(3, 15));
        else
            GoAway(viewer, now);
    }

    private void GoAway(Viewer viewer, long now)
    {
        viewer.Mode = ViewerMode.Offline;
        viewer.SessionId = null;
        Schedule(viewer, ViewerAction.StartVisit, now + ViewingHabits.AbsenceMs(_random));
    }

    private void RememberUnfinished(Viewer viewer, long now)
    {
        double position = viewer.PositionAt(now);
        double duration = _videos[viewer.VideoIndex].DurationSeconds;
        if (position < 5 || position > duration - 5)
            return;
        viewer.Unfinished ??= new Dictionary<int, double>();
        if (viewer.Unfinished.Count < MaxRememberedVideos || viewer.Unfinished.ContainsKey(viewer.VideoIndex))
            viewer.Unfinished[viewer.VideoIndex] = Round(position);
    }

    /// <summary>
    /// While playing: the next heartbeat 10 s after <paramref name="fromMs"/>, unless the viewer
    /// does something else first, or the video ends first.
    /// </summary>
    private void SchedulePlaying(Viewer viewer, long fromMs, bool heartbeatOnly)
    {
        var action = ViewerAction.Heartbeat;
        long at = fromMs + ViewingHabits.HeartbeatMs + _random.Next(-ViewingHabits.HeartbeatJitterMs, ViewingHabits.HeartbeatJitterMs + 1);
        if (!heartbeatOnly)
        {
            double roll = _random.NextDouble();
            action = roll switch
            {
                < ViewingHabits.PauseChance => ViewerAction.Pause,
                < ViewingHabits.PauseChance + ViewingHabits.SeekChance => ViewerAction.Seek,
                < ViewingHabits.PauseChance + ViewingHabits.SeekChance + ViewingHabits.SilentSkipChance => ViewerAction.SilentSkip,
                < ViewingHabits.PauseChance + ViewingHabits.SeekChance + ViewingHabits.SilentSkipChance
                    + ViewingHabits.CloseChance => ViewerAction.Close,
                < ViewingHabits.PauseChance + ViewingHabits.SeekChance + ViewingHabits.SilentSkipChance
                    + ViewingHabits.CloseChance + ViewingHabits.SwitchChance => ViewerAction.Switch,
                _ => ViewerAction.Heartbeat,
            };
            if (action != ViewerAction.Heartbeat)
                at = fromMs + _random.Next(1000, 9500);
        }

        double remaining = _videos[viewer.VideoIndex].DurationSeconds - viewer.Position;
        long endMs = viewer.PositionMs + (long)Math.Ceiling(Math.Max(0, remaining) / viewer.Rate * 1000);
        if (endMs <= at)
        {
            action = ViewerAction.End;
            at = endMs;
        }

        Schedule(viewer, action, at);
    }

    private static void Schedule(Viewer viewer, ViewerAction action, long atMs)
    {
        viewer.Action = action;
        viewer.ActionMs = atMs;
    }

    /// <summary>Fills the reused event description with what every event carries.</summary>
    private ref PlayerEventFields Describe(Viewer viewer, EventName name, long now, double position)
    {
        var video = _videos[viewer.VideoIndex];
        ref var e = ref _event;
        e.Name = name;
        e.TimestampMs = now;
        e.CurrentTime = position;
        e.Viewer = viewer;
        e.Video = video;
        e.SessionId = viewer.SessionId;
        e.WithDuration = video.EventsCarryDuration && _random.Chance(ViewingHabits.DurationFieldChance);
        e.WithTitle = false;
        e.PlaybackRate = name != EventName.End && (viewer.Rate != 1 || viewer.AlwaysSendsRate) ? viewer.Rate : double.NaN;
        e.FromTime = double.NaN;
        viewer.LastEventMs = now;
        return ref e;
    }

    private double OtherRate(double current)
    {
        var rates = ViewingHabits.Rates;
        int index = Array.IndexOf(rates, current);
        return rates[(Math.Max(index, 0) + 1 + _random.Next(rates.Length - 1)) % rates.Length];
    }

    private byte[] NewSessionId() =>
        Encoding.ASCII.GetBytes("s" + _random.NextInt64(1L << 48).ToString("x12", CultureInfo.InvariantCulture));

    /// <summary>Positions go out with millisecond precision, and the model keeps exactly what it sent.</summary>
    private static double Round(double seconds) => Utf8Text.RoundToMilliseconds(seconds);
}
