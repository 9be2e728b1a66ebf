namespace StreamAgg.Web.Dashboard.Api;

/// <summary>
/// One key moment: <paramref name="Kind"/> is <c>introDrop</c>, <c>dip</c>, <c>rewatch</c> or
/// <c>jumpIn</c>; it spans seconds [<paramref name="FromSecond"/>, <paramref name="ToSecond"/>] and is
/// largest at <paramref name="Second"/>. <paramref name="Size"/>: viewers lost (intro drop, dip) or
/// arrived (jump-in), or extra plays (rewatch), beyond the usual around it; <paramref name="PercentOfStart"/>
/// the same as a percentage of the viewers at the start; <paramref name="Viewers"/> the viewers at <paramref name="Second"/>.
/// </summary>
internal sealed record VideoMoment(string Kind, int Second, int FromSecond, int ToSecond, long Size, double PercentOfStart, long Viewers);
