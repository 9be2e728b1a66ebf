namespace StreamAgg.Sink.Heatmap;

/// <summary>A heatmap cell: a second of a video on a day (daily rows) or in a month (monthly rows, the 1st of the month).</summary>
internal readonly record struct HeatmapCellKey(string VideoId, DateOnly Day, int Second);
