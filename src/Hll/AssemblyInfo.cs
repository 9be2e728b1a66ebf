namespace StreamAgg.Hll;
