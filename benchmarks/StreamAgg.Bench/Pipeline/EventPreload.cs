using StreamAgg.Kafka.Clients;
using StreamAgg.Simulator;
using StreamAgg.Simulator.Production;

namespace StreamAgg.Bench.Pipeline;

/// <summary>
/// Fills <c>player-events</c> with simulated traffic (keyed by userId, with the simulator's usual
/// share of bad input, duplicates and late arrivals) as fast as the producer goes.
/// </summary>
internal static class EventPreload
{
    /// <summary>The same simulated day for every run, so runs compare.</summary>
    public static readonly DateTimeOffset SimulatedStart = new(2026, 11, 2, 8, 0, 0, TimeSpan.Zero);

    public static SimulationOptions Workload(long events, int viewers, int videos) => new()
    {
        Viewers = viewers,
        Videos = videos,
        MaxEvents = events,
        Speedup = double.PositiveInfinity,
        StartTime = SimulatedStart,
        ProgressInterval = TimeSpan.FromSeconds(5),
    };

    public static async Task<long> RunAsync(KafkaClientSettings kafka, SimulationOptions workload, BenchLog log, CancellationToken cancellation)
    {
        var report = await new SimulationProducer(kafka, workload).RunAsync(
            p => log.Step($"preloaded {p.EventsSent:N0} events ({p.EventsPerSecond:N0}/s)"),
            cancellation);
        if (report.DeliveryErrors > 0 || report.Undelivered > 0)
        {
            throw new IOException($"{report.DeliveryErrors + report.Undelivered} events could not be delivered to Kafka: {report.LastError}");
        }

        return report.EventsDelivered;
    }
}
