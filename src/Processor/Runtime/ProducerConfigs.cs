using Confluent.Kafka;

namespace StreamAgg.Processor.Runtime;

/// <summary>The configuration of the processor's producer (see <see cref="StreamsProducer"/>).</summary>
internal static class ProducerConfigs
{
    /// <summary>The transactional id of an instance: stable across its restarts, unique per instance.</summary>
    public static string TransactionalId(ProcessorOptions options) => $"{options.ApplicationId}-{options.InstanceId}";

    public static ProducerConfig For(ProcessorOptions options)
    {
        var exactlyOnce = options.Guarantee == ProcessingGuarantee.ExactlyOnce;
        var config = new ProducerConfig
        {
            BootstrapServers = options.BootstrapServers,
            ClientId = $"{options.ApplicationId}-{options.InstanceId}-producer",
            Acks = Acks.All,
            EnableIdempotence = true,
            // Outputs are coalesced and sent in a burst at each commit, whose flush sends whatever
            // lingers at once: a longer linger costs no latency, and during the burst it makes
            // fewer, fuller batches, so the clients' I/O threads spend less CPU per record.
            LingerMs = 50,
            CompressionType = CompressionType.Lz4,
            BatchNumMessages = 10_000,
            // Delivery reports are only read for their error: without this, the client copies
            // every delivered key, value and header back into new managed arrays.
            DeliveryReportFields = "none",
            // Exactly-once needs no per-record report: a record that fails makes the transaction
            // abortable and its commit fails, which Translate turns into TaskCorruptedException.
            // Without reports the client allocates and pins no handler per record.
            EnableDeliveryReports = !exactlyOnce,
        };
        if (exactlyOnce)
        {
            config.TransactionalId = TransactionalId(options);
            config.TransactionTimeoutMs = (int)options.TransactionTimeout.TotalMilliseconds;
            // librdkafka makes it the transaction timeout by default. A transaction whose records
            // keep failing (out-of-order sequence numbers after a produce request refused for
            // good) can only be aborted once they time out, and at the transaction timeout the
            // coordinator aborts it first and fences us: half leaves the abort its own time.
            config.MessageTimeoutMs = (int)(options.TransactionTimeout.TotalMilliseconds / 2);
        }

        return config;
    }
}
