namespace StreamAgg.Web.Dashboard.Live;

/// <summary>
/// A mark of what the sinks have stored: the sum of their next offsets (grows with every batch of
/// rows or heatmap deltas committed) and the newest refresh of a precomputed window. Equal marks
/// mean nothing new to show.
/// </summary>
/// <param name="StoredOffsets">Sum of <c>sink_offsets.next_offset</c> over every sink and partition.</param>
/// <param name="WindowsRefreshedAt">The newest <c>heatmap_window.refreshed_at</c>, if any window exists.</param>
internal sealed record StoreChange(long StoredOffsets, DateTimeOffset? WindowsRefreshedAt);
