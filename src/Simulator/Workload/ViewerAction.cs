namespace StreamAgg.Simulator.Workload;

/// <summary>The next thing a viewer will do, at <see cref="Viewer.ActionMs"/>.</summary>
internal enum ViewerAction : byte
{
    /// <summary>Open the site (new sessionId) and start a video.</summary>
    StartVisit,
    Heartbeat,
    Pause,
    Resume,
    Seek,
    /// <summary>Scrub without the player sending a seek: the next heartbeat just shows the new position.</summary>
    SilentSkip,
    /// <summary>Close the tab: no event, the session simply stops.</summary>
    Close,
    /// <summary>Start another video in the same page (same sessionId), with no event for the old one.</summary>
    Switch,
    End,
    /// <summary>Play the finished video again from 0.</summary>
    Replay,
    /// <summary>Start another video after one ended.</summary>
    NextVideo,
}
