namespace StreamAgg.Sink;
