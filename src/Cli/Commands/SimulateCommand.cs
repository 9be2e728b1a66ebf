using System.CommandLine;
using StreamAgg.Kafka.Clients;
using StreamAgg.Simulator.Production;

namespace StreamAgg.Cli.Commands;

/// <summary><c>streamagg simulate</c>: a realistic player fleet producing to a Kafka cluster.</summary>
internal static class SimulateCommand
{
    public static Command Create()
    {
        var bootstrap = CommonOptions.Bootstrap(required: true);
        var workload = new SimulationArguments(defaultEvents: 0, defaultSpeedup: 1);
        var command = new Command("simulate", "Produce simulated player events (keyed by userId) and video metadata to a Kafka cluster, until --count or Ctrl-C.")
        {
            bootstrap,
        };
        workload.AddTo(command);
        command.SetAction(async (parse, cancellation) =>
        {
            var options = workload.Read(parse);
            var settings = new KafkaClientSettings(parse.GetValue(bootstrap)!);
            await KafkaConnectivity.EnsureReachableAsync(settings, TimeSpan.FromSeconds(10), cancellation);
            Console.WriteLine($"Simulating {options.Viewers:N0} viewers of {options.Videos:N0} videos into {settings.BootstrapServers} (Ctrl-C stops)");
            var report = await new SimulationProducer(settings, options).RunAsync(
                p => Console.WriteLine($"  {p.EventsSent,12:N0} sent  {p.EventsDelivered,12:N0} delivered  {p.EventsPerSecond,10:N0}/s  event time {p.SimulatedTime:yyyy-MM-dd HH:mm:ss}  errors {p.DeliveryErrors}"),
                cancellation);
            Console.WriteLine($"Done: {report.EventsSent:N0} events ({report.BadInputSent:N0} invalid, {report.DuplicatesSent:N0} duplicates), {report.MetadataSent:N0} video metadata, {report.DeliveryErrors:N0} delivery errors.");
            return report.DeliveryErrors > 0 || report.Undelivered > 0 ? 1 : 0;
        });
        return command;
    }
}
