namespace StreamAgg.Web.Dashboard.Api;

/// <summary>Viewers per engagement tier (SEMANTICS.md §5).</summary>
internal sealed record EngagementTiers(long High, long Medium, long Low, long Minimal, long Unknown);
