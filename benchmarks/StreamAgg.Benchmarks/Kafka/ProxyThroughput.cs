using System.Diagnostics;
using Confluent.Kafka;
using StreamAgg.Kafka.Clients;
using StreamAgg.Dev.Kafka;

namespace StreamAgg.Benchmarks.Kafka;

// What the embedded cluster's isolating proxy costs: produce and consume throughput of the house
// clients on one embedded cluster, through the proxy (BootstrapServers) and straight to the mock
// brokers (BrokerBootstrapServers), alternated in the same minutes. Wall time: the embedded
// brokers, the proxy and the clients share the machine's cores, as they do in the tests and demo.
internal static class ProxyThroughput
{
    private const int ValueBytes = 100;
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    public static void Run(int messages, int rounds)
    {
        using var cluster = EmbeddedKafkaCluster.Start();
        var routes = new[] { ("direct", cluster.BrokerBootstrapServers), ("proxy", cluster.BootstrapServers) };
        Console.WriteLine($"{messages:N0} messages of {ValueBytes} bytes, 4 partitions, house producer (acks=all, idempotent, LZ4, linger 5 ms); msgs/s");
        Console.WriteLine("route  | produce | consume uncommitted | consume committed | txn produce (1,000/txn) | consume committed, txn topic");
        for (var round = 0; round < rounds; round++)
        {
            foreach (var (route, bootstrap) in round % 2 == 0 ? routes : routes.Reverse())
            {
                var settings = new KafkaClientSettings(bootstrap);
                var plain = $"bench-plain-{route}-{round}";
                var transactional = $"bench-txn-{route}-{round}";
                cluster.CreateTopic(plain, 4, 3);
                cluster.CreateTopic(transactional, 4, 3);
                var produce = Rate(messages, () => Produce(settings, plain, messages));
                var uncommitted = Rate(messages, () => Consume(settings, plain, messages, readCommitted: false));
                var committed = Rate(messages, () => Consume(settings, plain, messages, readCommitted: true));
                var txnProduce = Rate(messages, () => ProduceTransactions(settings, transactional, messages, $"{route}-{round}"));
                var txnCommitted = Rate(messages, () => Consume(settings, transactional, messages, readCommitted: true));
                Console.WriteLine($"{route,-6} | {produce,7:N0} | {uncommitted,19:N0} | {committed,17:N0} | {txnProduce,23:N0} | {txnCommitted,28:N0}");
            }
        }
    }

    private static double Rate(int messages, Action action)
    {
        var clock = Stopwatch.StartNew();
        action();
        return messages / clock.Elapsed.TotalSeconds;
    }

    private static void Produce(KafkaClientSettings settings, string topic, int messages)
    {
        using var producer = new ProducerBuilder<Null, byte[]>(settings.Producer("bench")).Build();
        var value = new byte[ValueBytes];
        for (var i = 0; i < messages; i++)
        {
            Send(producer, topic, value);
        }

        Check(producer.Flush(Timeout) == 0, "produce");
    }

    private static void ProduceTransactions(KafkaClientSettings settings, string topic, int messages, string id)
    {
        using var producer = new ProducerBuilder<Null, byte[]>(settings.TransactionalProducer("bench-txn", "bench-" + id)).Build();
        producer.InitTransactions(Timeout);
        var value = new byte[ValueBytes];
        for (var sent = 0; sent < messages;)
        {
            producer.BeginTransaction();
            for (var i = 0; i < 1_000 && sent < messages; i++, sent++)
            {
                Send(producer, topic, value);
            }

            producer.CommitTransaction(Timeout);
        }
    }

    private static void Send(IProducer<Null, byte[]> producer, string topic, byte[] value)
    {
        while (true)
        {
            try
            {
                producer.Produce(topic, new Message<Null, byte[]> { Value = value });
                return;
            }
            catch (ProduceException<Null, byte[]> e) when (e.Error.Code == ErrorCode.Local_QueueFull)
            {
                producer.Poll(TimeSpan.FromMilliseconds(10));
            }
        }
    }

    private static void Consume(KafkaClientSettings settings, string topic, int messages, bool readCommitted)
    {
        var config = settings.Consumer("bench-" + Guid.NewGuid().ToString("N"), readCommitted: readCommitted);
        using var consumer = new ConsumerBuilder<Ignore, byte[]>(config).Build();
        consumer.Assign(Enumerable.Range(0, 4).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        var clock = Stopwatch.StartNew();
        for (var seen = 0; seen < messages && clock.Elapsed < Timeout;)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(100)) is { IsPartitionEOF: false })
            {
                seen++;
            }
        }

        Check(clock.Elapsed < Timeout, "consume");
        consumer.Close();
    }

    private static void Check(bool condition, string what)
    {
        if (!condition)
        {
            throw new InvalidOperationException(what + " did not finish");
        }
    }
}
