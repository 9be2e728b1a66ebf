namespace StreamAgg.Simulator;
