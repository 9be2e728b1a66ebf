namespace StreamAgg.Dev.Kafka.Isolation.Proxy;

// A request forwarded to the broker whose response has not come back yet, with what the proxy
// must remember to handle that response (State: null when the response passes through untouched).
internal readonly record struct PendingRequest(KafkaApiKey ApiKey, short ApiVersion, int CorrelationId, object? State);
