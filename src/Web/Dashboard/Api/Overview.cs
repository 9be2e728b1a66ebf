namespace StreamAgg.Web.Dashboard.Api;

/// <summary><c>GET /api/overview</c>: what is coming in now, and the range's top videos and dead letters (docs/api.md).</summary>
internal sealed record Overview(
    DateOnly From,
    DateOnly To,
    string? Window,
    IngestRateReading Ingest,
    long WatchingNow,
    IReadOnlyList<TopVideo> TopVideos,
    IReadOnlyList<DeadLetterCount> DeadLetters,
    DateTimeOffset GeneratedAt);
