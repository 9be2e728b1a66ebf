using System.CommandLine;
using StreamAgg.Kafka.Admin;
using StreamAgg.Kafka.Clients;
using StreamAgg.Kafka.Topics;

namespace StreamAgg.Cli.Commands;

/// <summary><c>streamagg topics</c>: create topics.yaml's topics on a real cluster through the Admin API.</summary>
internal static class TopicsCommand
{
    public static Command Create()
    {
        var bootstrap = CommonOptions.Bootstrap(required: true);
        var dryRun = new Option<bool>("--dry-run") { Description = "Print what would be created; change nothing." };
        var topicsFile = CommonOptions.TopicsFile();
        var command = new Command("topics", "Create every topic of topics.yaml on a Kafka cluster (Admin API); existing topics are checked, not changed.")
        {
            bootstrap, dryRun, topicsFile,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            var catalog = TopicCatalog.Load(parse.GetValue(topicsFile));
            var settings = new KafkaClientSettings(parse.GetValue(bootstrap)!);
            await KafkaConnectivity.EnsureReachableAsync(settings, TimeSpan.FromSeconds(10), cancellation);
            using var admin = new KafkaTopicAdmin(settings);
            var report = await admin.ProvisionAsync(catalog, parse.GetValue(dryRun), cancellation);
            report.WriteTo(Console.Out);
            return 0;
        });
        return command;
    }
}
