namespace StreamAgg.Simulator.Workload;

/// <summary>
/// One message for the compacted <c>video-metadata</c> topic:
/// <c>{"videoId": "...", "title": "...", "duration": 300}</c> keyed by videoId.
/// </summary>
/// <param name="VideoId">The key.</param>
/// <param name="Value">The JSON value, UTF-8.</param>
public readonly record struct VideoMetadataMessage(string VideoId, byte[] Value);
