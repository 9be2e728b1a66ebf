using System.Text;

namespace StreamAgg.Simulator.Workload;

/// <summary>One video of the simulated catalogue.</summary>
public sealed class SimulatedVideo
{
    internal SimulatedVideo(string videoId, string title, double durationSeconds, bool hasMetadata, bool eventsCarryDuration)
    {
        VideoId = videoId;
        Title = title;
        DurationSeconds = durationSeconds;
        HasMetadata = hasMetadata;
        EventsCarryDuration = eventsCarryDuration;
        VideoIdUtf8 = Encoding.UTF8.GetBytes(videoId);
        TitleUtf8 = Encoding.UTF8.GetBytes(title);
    }

    /// <summary>The video id.</summary>
    public string VideoId { get; }

    /// <summary>The title (sometimes with non-ASCII characters).</summary>
    public string Title { get; }

    /// <summary>The true duration in seconds; players stop at it with a <c>video_end</c>.</summary>
    public double DurationSeconds { get; }

    /// <summary>Whether a <c>video-metadata</c> message is produced for this video.</summary>
    public bool HasMetadata { get; }

    /// <summary>Whether players put <c>videoDuration</c> (and sometimes <c>videoTitle</c>) into some events.</summary>
    public bool EventsCarryDuration { get; }

    internal byte[] VideoIdUtf8 { get; }

    internal byte[] TitleUtf8 { get; }
}
