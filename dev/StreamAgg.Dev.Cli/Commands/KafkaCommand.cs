using System.CommandLine;
using StreamAgg.Kafka;
using StreamAgg.Kafka.Topics;
using StreamAgg.Dev.Kafka;
using StreamAgg.Cli;
using StreamAgg.Cli.Commands;

namespace StreamAgg.Dev.Cli.Commands;

/// <summary><c>streamagg kafka</c>: an embedded Kafka-protocol cluster in the foreground, for other processes to use.</summary>
internal static class KafkaCommand
{
    public static Command Create()
    {
        var brokers = new Option<int>("--brokers") { Description = "Number of brokers.", DefaultValueFactory = _ => 3 };
        var topicsFile = CommonOptions.TopicsFile();
        var command = new Command("kafka", "Run an embedded Kafka cluster (librdkafka's mock cluster) with every topic of topics.yaml, until Ctrl-C.")
        {
            brokers, topicsFile,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            var catalog = TopicCatalog.Load(parse.GetValue(topicsFile));
            await using var target = KafkaTarget.StartEmbedded(catalog, parse.GetValue(brokers));
            Console.WriteLine($"Kafka is up: {target.EmbeddedCluster!.BrokerCount} brokers, {catalog.Topics.Count} topics.");
            Console.WriteLine($"bootstrap.servers={target.Settings.BootstrapServers}");
            Console.WriteLine();
            foreach (var topic in catalog.Topics)
            {
                Console.WriteLine($"  {topic.Name,-40} {topic.Partitions} partitions");
            }

            Console.WriteLine();
            Console.WriteLine($"Try: kcat -b {target.Settings.BootstrapServers} -L");
            Console.WriteLine($"     ./streamagg simulate --bootstrap {target.Settings.BootstrapServers}");
            Console.WriteLine("Ctrl-C stops it (the data lives in memory only).");
            try
            {
                await Task.Delay(Timeout.Infinite, cancellation);
            }
            catch (OperationCanceledException)
            {
                Console.WriteLine("Stopping Kafka.");
            }

            return 0;
        });
        return command;
    }
}
