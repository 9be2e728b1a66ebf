namespace StreamAgg.Heatmap;
