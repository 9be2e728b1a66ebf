namespace StreamAgg.Processor;
