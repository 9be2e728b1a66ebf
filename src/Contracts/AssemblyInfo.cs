namespace StreamAgg.Contracts;
