namespace StreamAgg.Observability.Export;

/// <summary>One signal's OTLP destination.</summary>
/// <param name="Endpoint">The full URL (with <c>/v1/metrics</c> or <c>/v1/traces</c> under HTTP).</param>
/// <param name="HttpProtobuf">HTTP with protobuf bodies; false: gRPC.</param>
/// <param name="Headers">Extra request headers, <c>key=value,key2=value2</c>; null for none.</param>
public sealed record OtlpTarget(Uri Endpoint, bool HttpProtobuf, string? Headers);
