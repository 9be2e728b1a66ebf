namespace StreamAgg.Cli;
