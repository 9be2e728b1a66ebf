namespace StreamAgg.Kafka;
