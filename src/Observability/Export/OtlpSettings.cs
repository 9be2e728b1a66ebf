namespace StreamAgg.Observability.Export;

/// <summary>
/// Where OTLP export goes, read from the standard variables: <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>
/// (or the signal-specific <c>OTEL_EXPORTER_OTLP_METRICS_ENDPOINT</c> /
/// <c>OTEL_EXPORTER_OTLP_TRACES_ENDPOINT</c>), <c>…_PROTOCOL</c> (<c>grpc</c>, the .NET
/// exporter's default, or <c>http/protobuf</c>) and <c>…_HEADERS</c>. A signal with no endpoint
/// is not exported at all.
/// </summary>
public sealed record OtlpSettings
{
    /// <summary>Where metrics go; null: not exported.</summary>
    public OtlpTarget? Metrics { get; init; }

    /// <summary>Where traces go; null: not exported.</summary>
    public OtlpTarget? Traces { get; init; }

    /// <summary>Reads the variables through <paramref name="variable"/> (the process environment by default).</summary>
    public static OtlpSettings FromEnvironment(Func<string, string?>? variable = null)
    {
        variable ??= Environment.GetEnvironmentVariable;
        return new OtlpSettings
        {
            Metrics = Target(variable, "METRICS", "v1/metrics"),
            Traces = Target(variable, "TRACES", "v1/traces"),
        };
    }

    private static OtlpTarget? Target(Func<string, string?> variable, string signal, string httpPath)
    {
        var protocol = Value(variable, $"OTEL_EXPORTER_OTLP_{signal}_PROTOCOL") ?? Value(variable, "OTEL_EXPORTER_OTLP_PROTOCOL") ?? "grpc";
        var http = protocol.Equals("http/protobuf", StringComparison.OrdinalIgnoreCase);
        if (!http && !protocol.Equals("grpc", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"OTEL_EXPORTER_OTLP_PROTOCOL: '{protocol}' is not supported (use grpc or http/protobuf).");
        }

        var headers = Value(variable, $"OTEL_EXPORTER_OTLP_{signal}_HEADERS") ?? Value(variable, "OTEL_EXPORTER_OTLP_HEADERS");
        // A signal-specific endpoint is used as given; the generic one gets the signal's path
        // under HTTP, as the OTLP specification says.
        if (Value(variable, $"OTEL_EXPORTER_OTLP_{signal}_ENDPOINT") is { } specific)
        {
            return new OtlpTarget(ParseEndpoint(specific, signal), http, headers);
        }

        if (Value(variable, "OTEL_EXPORTER_OTLP_ENDPOINT") is not { } generic)
        {
            return null;
        }

        var endpoint = ParseEndpoint(generic, signal);
        return new OtlpTarget(http ? new Uri(endpoint.AbsoluteUri.TrimEnd('/') + "/" + httpPath) : endpoint, http, headers);
    }

    private static Uri ParseEndpoint(string value, string signal) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri
            : throw new ArgumentException($"The OTLP {signal.ToLowerInvariant()} endpoint '{value}' is not an http:// or https:// URL.");

    private static string? Value(Func<string, string?> variable, string name) =>
        variable(name) is { Length: > 0 } value ? value.Trim() : null;
}
