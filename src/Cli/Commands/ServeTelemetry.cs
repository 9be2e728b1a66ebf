using StreamAgg.Observability.Export;
using StreamAgg.Web.Ingest;

namespace StreamAgg.Cli.Commands;

/// <summary>
/// What <c>serve</c> exports: ingest's own meter, and ASP.NET Core's built-in instrumentation
/// (request durations and active requests on <c>Microsoft.AspNetCore.Hosting</c>, connections on
/// <c>Microsoft.AspNetCore.Server.Kestrel</c>, request spans from the <c>Microsoft.AspNetCore</c>
/// source, with the caller's <c>traceparent</c> as parent). Since .NET 8 the framework emits these
/// itself; a MeterProvider and a TracerProvider only need their names.
/// </summary>
internal static class ServeTelemetry
{
    public static TelemetryOptions Options { get; } = new()
    {
        ServiceName = "streamagg-serve",
        Meters = [IngestMetrics.MeterName, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel"],
        ActivitySources = ["Microsoft.AspNetCore"],
    };
}
