using Confluent.Kafka;
using StreamAgg.Kafka.Native;

// Usage: BOOTSTRAP TOPIC TRANSACTIONAL_ID COUNT [TRANSACTION_TIMEOUT_MS]
// Opens a transaction, writes COUNT records ("open-0"...) to partition 0 of TOPIC, waits until
// the broker has them, prints "flushed" and then waits, transaction open, until killed or until
// standard input ends (then it exits without committing or aborting).
if (args.Length < 4)
{
    Console.Error.WriteLine("usage: BOOTSTRAP TOPIC TRANSACTIONAL_ID COUNT [TRANSACTION_TIMEOUT_MS]");
    return 2;
}

LibRdKafkaLibrary.EnsureLoaded();
var config = new ProducerConfig
{
    BootstrapServers = args[0],
    TransactionalId = args[2],
    Acks = Acks.All,
    EnableIdempotence = true,
    TransactionTimeoutMs = args.Length > 4 ? int.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture) : 60_000,
};
var timeout = TimeSpan.FromSeconds(30);
using var producer = new ProducerBuilder<string, string>(config).Build();
producer.InitTransactions(timeout);
producer.BeginTransaction();
for (var i = 0; i < int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture); i++)
{
    producer.Produce(new TopicPartition(args[1], 0), new Message<string, string> { Key = "k", Value = $"open-{i}" });
}

if (producer.Flush(timeout) != 0)
{
    Console.Error.WriteLine("records not delivered");
    return 1;
}

Console.WriteLine("flushed");
Console.Out.Flush();
Console.In.ReadToEnd();
return 0;
