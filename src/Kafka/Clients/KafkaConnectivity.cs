using Confluent.Kafka;

namespace StreamAgg.Kafka.Clients;

/// <summary>
/// Checks, before a long-running client starts, that the cluster answers: a Kafka client on its own
/// retries an unreachable address forever and says little.
/// </summary>
public static class KafkaConnectivity
{
    /// <summary>
    /// Asks the cluster for its metadata and returns it; fails with <see cref="KafkaUnreachableException"/>
    /// when no broker answers within <paramref name="timeout"/>.
    /// </summary>
    public static Task<Metadata> EnsureReachableAsync(KafkaClientSettings settings, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);

        // GetMetadata blocks; the thread pool carries it so callers stay asynchronous.
        return Task.Run(
            () =>
            {
                var config = settings.Admin("streamagg-connectivity-check");
                // Connection-refused lines would repeat every backoff until the timeout; the
                // exception below says it once.
                using var admin = new AdminClientBuilder(config)
                    .SetLogHandler((_, _) => { })
                    .SetErrorHandler((_, _) => { })
                    .Build();
                try
                {
                    var metadata = admin.GetMetadata(timeout);
                    return metadata.Brokers.Count > 0
                        ? metadata
                        : throw new KafkaUnreachableException(settings.BootstrapServers, "the cluster reported no brokers");
                }
                catch (KafkaException e)
                {
                    throw new KafkaUnreachableException(settings.BootstrapServers, $"no answer within {timeout.TotalSeconds:0.#} s: {e.Error.Reason}", e);
                }
            },
            cancellationToken);
    }
}
