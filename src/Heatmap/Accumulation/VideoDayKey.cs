namespace StreamAgg.Heatmap.Accumulation;

internal readonly record struct VideoDayKey(string VideoId, DateOnly Day);
