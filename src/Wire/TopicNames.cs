namespace StreamAgg.Wire;

/// <summary>
/// The names of the topics StreamAgg reads and writes. topics.yaml at the repository root holds
/// their partition counts and configs; these names must match it (a test checks).
/// </summary>
public static class TopicNames
{
    /// <summary>Input: raw player events, key = userId (UTF-8), value = the event JSON.</summary>
    public const string PlayerEvents = "player-events";
    /// <summary>Table (compacted): video metadata, key = videoId.</summary>
    public const string VideoMetadata = "video-metadata";
    /// <summary>Output (compacted): one engagement row per user+video.</summary>
    public const string Engagement = "engagement";
    /// <summary>Output: per (video, day) HyperLogLog deltas of unique viewers per second.</summary>
    public const string HeatmapDeltas = "heatmap-deltas";
    /// <summary>Output: inputs that were not applied, with their reason.</summary>
    public const string DeadLetters = "dead-letters";
    /// <summary>Internal: player events re-keyed by userId, for inputs keyed otherwise.</summary>
    public const string Repartition = "streamagg-player-events-repartition";
    /// <summary>Internal (compacted): changelog of the per-key engagement state.</summary>
    public const string EngagementStateChangelog = "streamagg-engagement-state-changelog";
}
