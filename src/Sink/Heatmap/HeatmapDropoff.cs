namespace StreamAgg.Sink.Heatmap;

/// <summary>
/// A drop-off: the viewers lost between second <paramref name="FromSecond"/> and second
/// <paramref name="ToSecond"/> = <paramref name="FromSecond"/> + window.
/// </summary>
/// <param name="FromSecond">The window's first second.</param>
/// <param name="ToSecond">The window's last second.</param>
/// <param name="ViewersBefore">Viewers at <paramref name="FromSecond"/>.</param>
/// <param name="ViewersAfter">Viewers at <paramref name="ToSecond"/> (0 when nobody watched it).</param>
/// <param name="ShareOfStart">The viewers lost as a share of the viewers at the start of the video.</param>
public readonly record struct HeatmapDropoff(int FromSecond, int ToSecond, long ViewersBefore, long ViewersAfter, double ShareOfStart)
{
    /// <summary>Viewers lost over the window.</summary>
    public long Lost => ViewersBefore - ViewersAfter;
}
