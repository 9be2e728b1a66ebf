namespace StreamAgg.Web.Dashboard.Api;

/// <summary>The range answered and which path answered it.</summary>
/// <remarks>
/// <c>Source</c> is <c>window</c> (a precomputed standard window) or <c>sketches</c> (the exact query over any range);
/// <c>Current</c> is false when deltas of the video arrived after the window was computed.
/// </remarks>
internal sealed record VideoPageRange(DateOnly From, DateOnly To, string? Window, string Source, DateTimeOffset? RefreshedAt, bool Current);
