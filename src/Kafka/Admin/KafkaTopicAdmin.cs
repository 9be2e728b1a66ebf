using System.Globalization;
using Confluent.Kafka;
using Confluent.Kafka.Admin;
using StreamAgg.Kafka.Clients;
using StreamAgg.Kafka.Topics;

namespace StreamAgg.Kafka.Admin;

/// <summary>
/// Creates the catalog's topics on a real cluster (Apache Kafka, Redpanda, Confluent) through the
/// Admin API. Existing topics are kept as they are and checked against the catalog; a dry run only
/// reads metadata and says what it would do. (The embedded cluster has no CreateTopics; it creates
/// the same catalog through EmbeddedKafkaCluster.CreateTopics in dev/StreamAgg.Dev.Kafka.)
/// </summary>
public sealed class KafkaTopicAdmin : IDisposable
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    private readonly KafkaClientSettings _settings;
    private readonly TimeSpan _timeout;
    private readonly IAdminClient _admin;

    /// <summary>Creates an admin for the cluster of <paramref name="settings"/>.</summary>
    /// <param name="settings">Where the cluster is.</param>
    /// <param name="timeout">How long metadata and CreateTopics requests may take; 30 s when null.</param>
    public KafkaTopicAdmin(KafkaClientSettings settings, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _settings = settings;
        _timeout = timeout ?? DefaultTimeout;
        _admin = new AdminClientBuilder(settings.Admin()).SetLogHandler((_, _) => { }).Build();
    }

    /// <summary>Creates the topics of <paramref name="catalog"/> that are missing, or in a dry run says which would be.</summary>
    /// <exception cref="KafkaUnreachableException">The cluster did not answer the metadata request.</exception>
    /// <exception cref="TopicProvisioningException">The cluster refused or timed out a creation.</exception>
    public Task<TopicProvisioningReport> ProvisionAsync(TopicCatalog catalog, bool dryRun = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return ProvisionAsync(catalog.Topics, dryRun, cancellationToken);
    }

    /// <summary>Creates the given topics that are missing, or in a dry run says which would be.</summary>
    /// <exception cref="KafkaUnreachableException">The cluster did not answer the metadata request.</exception>
    /// <exception cref="TopicProvisioningException">The cluster refused or timed out a creation.</exception>
    public async Task<TopicProvisioningReport> ProvisionAsync(IReadOnlyList<TopicSpec> topics, bool dryRun = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(topics);
        var metadata = await ReadMetadataAsync(cancellationToken).ConfigureAwait(false);
        var warnings = new List<string>();
        var outcomes = new TopicProvisioningOutcome[topics.Count];
        var missing = new List<(int Index, TopicSpecification Specification)>();
        for (var i = 0; i < topics.Count; i++)
        {
            var existing = ExistingOutcome(topics[i], metadata, warnings);
            if (existing is not null)
            {
                outcomes[i] = existing;
                continue;
            }

            var specification = Plan(topics[i], metadata.Brokers.Count, warnings);
            missing.Add((i, specification));
            outcomes[i] = new TopicProvisioningOutcome(
                topics[i], TopicProvisioningAction.WouldCreate, specification.NumPartitions, specification.ReplicationFactor, specification.Configs.AsReadOnly());
        }

        if (!dryRun && missing.Count > 0)
        {
            await CreateAsync(topics, missing, outcomes, warnings, cancellationToken).ConfigureAwait(false);
        }

        return new TopicProvisioningReport(_settings.BootstrapServers, dryRun, outcomes, warnings);
    }

    /// <summary>Closes the admin client.</summary>
    public void Dispose() => _admin.Dispose();

    private async Task CreateAsync(
        IReadOnlyList<TopicSpec> topics,
        List<(int Index, TopicSpecification Specification)> missing,
        TopicProvisioningOutcome[] outcomes,
        List<string> warnings,
        CancellationToken cancellationToken)
    {
        var options = new CreateTopicsOptions { RequestTimeout = _timeout, OperationTimeout = _timeout };
        var raced = false;
        try
        {
            await _admin.CreateTopicsAsync(missing.Select(m => m.Specification), options).ConfigureAwait(false);
        }
        catch (CreateTopicsException e)
        {
            var failures = e.Results.Where(r => r.Error.Code is not (ErrorCode.NoError or ErrorCode.TopicAlreadyExists)).ToList();
            if (failures.Count > 0)
            {
                throw new TopicProvisioningException(
                    $"{_settings.BootstrapServers}: cannot create topics: "
                    + string.Join("; ", failures.Select(r => $"{r.Topic}: {r.Error.Reason} ({r.Error.Code})")),
                    e);
            }

            raced = e.Results.Any(r => r.Error.Code == ErrorCode.TopicAlreadyExists);
        }
        catch (KafkaException e)
        {
            throw new TopicProvisioningException(
                $"{_settings.BootstrapServers}: CreateTopics failed: {e.Error.Reason} ({e.Error.Code}). "
                + "(librdkafka's mock cluster, behind ./streamagg kafka, has no CreateTopics: it creates the catalog's topics itself.)",
                e);
        }

        foreach (var (index, specification) in missing)
        {
            outcomes[index] = outcomes[index] with { Action = TopicProvisioningAction.Created };
        }

        if (raced)
        {
            // Someone else created some of them in between: report what is there now.
            var metadata = await ReadMetadataAsync(cancellationToken).ConfigureAwait(false);
            foreach (var (index, _) in missing)
            {
                outcomes[index] = ExistingOutcome(topics[index], metadata, warnings) ?? outcomes[index];
            }
        }
    }

    private static TopicProvisioningOutcome? ExistingOutcome(TopicSpec topic, Metadata metadata, List<string> warnings)
    {
        var found = metadata.Topics.FirstOrDefault(t => t.Topic == topic.Name && t.Error.Code == ErrorCode.NoError);
        if (found is null)
        {
            return null;
        }

        var partitions = found.Partitions.Count;
        if (partitions == topic.Partitions)
        {
            return new TopicProvisioningOutcome(topic, TopicProvisioningAction.Exists, partitions, null);
        }

        warnings.Add(
            $"topic '{topic.Name}' has {partitions} partitions, the catalog says {topic.Partitions}; it is left as it is"
            + (topic.CoPartitionedWith is null ? "" : $" (it must match '{topic.CoPartitionedWith}')"));
        return new TopicProvisioningOutcome(topic, TopicProvisioningAction.ExistsWithOtherPartitionCount, partitions, null);
    }

    // A cluster smaller than the catalog's replication (a one-node Redpanda for development)
    // cannot place the replicas: create with what there is rather than refuse, and say so.
    private static TopicSpecification Plan(TopicSpec topic, int brokerCount, List<string> warnings)
    {
        var configs = new Dictionary<string, string>(topic.Configs, StringComparer.Ordinal);
        var replication = topic.ReplicationFactor;
        if (brokerCount > 0 && replication > brokerCount)
        {
            replication = (short)brokerCount;
            warnings.Add($"topic '{topic.Name}': replication lowered from {topic.ReplicationFactor} to {replication}, the cluster has {brokerCount} broker(s)");
            if (configs.TryGetValue(TopicSpec.MinInsyncReplicasConfig, out var minIsr)
                && int.TryParse(minIsr, CultureInfo.InvariantCulture, out var min) && min > replication)
            {
                configs[TopicSpec.MinInsyncReplicasConfig] = replication.ToString(CultureInfo.InvariantCulture);
            }
        }

        return new TopicSpecification
        {
            Name = topic.Name,
            NumPartitions = topic.Partitions,
            ReplicationFactor = replication,
            Configs = configs,
        };
    }

    private Task<Metadata> ReadMetadataAsync(CancellationToken cancellationToken) =>
        Task.Run(
            () =>
            {
                try
                {
                    return _admin.GetMetadata(_timeout);
                }
                catch (KafkaException e)
                {
                    throw new KafkaUnreachableException(_settings.BootstrapServers, e.Error.Reason, e);
                }
            },
            cancellationToken);
}
