using StreamAgg.Kafka.Admin;
using StreamAgg.Kafka.Clients;
using StreamAgg.Kafka.Topics;

namespace StreamAgg.Dev.Kafka;

/// <summary>
/// The Kafka cluster a run uses, with the catalog's topics in place: the one named by
/// STREAMAGG_KAFKA_BOOTSTRAP when it is set (topics provisioned through the Admin API), else an
/// <see cref="EmbeddedKafkaCluster"/> started for this process. Disposing stops an embedded cluster
/// and leaves an external one alone.
/// </summary>
public sealed class KafkaTarget : IDisposable, IAsyncDisposable
{
    /// <summary>The environment variable naming an external cluster's bootstrap.servers.</summary>
    public const string BootstrapVariable = "STREAMAGG_KAFKA_BOOTSTRAP";

    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);

    private KafkaTarget(TopicCatalog catalog, EmbeddedKafkaCluster? embeddedCluster, KafkaClientSettings settings, TopicProvisioningReport? provisioning)
    {
        Catalog = catalog;
        EmbeddedCluster = embeddedCluster;
        Settings = settings;
        Provisioning = provisioning;
    }

    /// <summary>Client settings for this cluster.</summary>
    public KafkaClientSettings Settings { get; }

    /// <summary>The catalog whose topics exist on the cluster.</summary>
    public TopicCatalog Catalog { get; }

    /// <summary>The embedded cluster, or null when the target is external.</summary>
    public EmbeddedKafkaCluster? EmbeddedCluster { get; }

    /// <summary>True when this process hosts the cluster.</summary>
    public bool IsEmbedded => EmbeddedCluster is not null;

    /// <summary>
    /// True when transactions are isolated: read_committed readers skip aborted and open
    /// transactions, SendOffsetsToTransaction commits the group's offsets, and a producer
    /// re-initialised with the same transactional.id fences the older one. True on every target:
    /// a real cluster does it, and the embedded cluster's isolating proxy does it in front of
    /// librdkafka's mock brokers (which alone would not).
    /// </summary>
    public bool HasTransactionalIsolation => true;

    /// <summary>What provisioning found on an external cluster; null for an embedded one.</summary>
    public TopicProvisioningReport? Provisioning { get; }

    /// <summary>The value of STREAMAGG_KAFKA_BOOTSTRAP, or null when it is unset or blank.</summary>
    public static string? ConfiguredBootstrapServers() =>
        Environment.GetEnvironmentVariable(BootstrapVariable) is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    /// <summary>Connects to STREAMAGG_KAFKA_BOOTSTRAP's cluster if it is set, else starts an embedded one.</summary>
    /// <exception cref="KafkaUnreachableException">The configured cluster does not answer.</exception>
    public static Task<KafkaTarget> FromEnvironmentAsync(TopicCatalog catalog, CancellationToken cancellationToken = default) =>
        ConfiguredBootstrapServers() is { } bootstrapServers
            ? ConnectAsync(bootstrapServers, catalog, cancellationToken)
            : Task.FromResult(StartEmbedded(catalog));

    /// <summary>Starts an embedded cluster holding the catalog's topics.</summary>
    public static KafkaTarget StartEmbedded(TopicCatalog catalog, int brokerCount = EmbeddedKafkaCluster.DefaultBrokerCount)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var cluster = EmbeddedKafkaCluster.Start(catalog, brokerCount);
        return new KafkaTarget(catalog, cluster, new KafkaClientSettings(cluster.BootstrapServers), provisioning: null);
    }

    /// <summary>Checks that the cluster at <paramref name="bootstrapServers"/> answers and creates the catalog's missing topics.</summary>
    /// <exception cref="KafkaUnreachableException">The cluster does not answer.</exception>
    /// <exception cref="TopicProvisioningException">A topic could not be created.</exception>
    public static async Task<KafkaTarget> ConnectAsync(string bootstrapServers, TopicCatalog catalog, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var settings = new KafkaClientSettings(bootstrapServers);
        await KafkaConnectivity.EnsureReachableAsync(settings, ConnectTimeout, cancellationToken).ConfigureAwait(false);
        using var admin = new KafkaTopicAdmin(settings);
        var report = await admin.ProvisionAsync(catalog, dryRun: false, cancellationToken).ConfigureAwait(false);
        return new KafkaTarget(catalog, embeddedCluster: null, settings, report);
    }

    /// <summary>
    /// Creates a topic outside the catalog (tests use one per case), replicated up to 3 times:
    /// on the embedded cluster directly, on an external one through the Admin API.
    /// </summary>
    public async Task CreateTopicAsync(string name, int partitions, CancellationToken cancellationToken = default)
    {
        if (EmbeddedCluster is { } cluster)
        {
            cluster.CreateTopic(name, partitions, Math.Min(3, cluster.BrokerCount));
            return;
        }

        using var admin = new KafkaTopicAdmin(Settings);
        var spec = new TopicSpec(name, partitions, ReplicationFactor: 3, new Dictionary<string, string>());
        await admin.ProvisionAsync([spec], dryRun: false, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>For logs: which cluster this is.</summary>
    public override string ToString() =>
        EmbeddedCluster is { } cluster
            ? $"embedded Kafka ({cluster.BrokerCount} brokers) at {Settings.BootstrapServers}"
            : $"Kafka at {Settings.BootstrapServers} ({BootstrapVariable})";

    /// <summary>Stops the embedded cluster, if any.</summary>
    public void Dispose() => EmbeddedCluster?.Dispose();

    /// <summary>Stops the embedded cluster, if any, off the caller's thread.</summary>
    public ValueTask DisposeAsync() => EmbeddedCluster?.DisposeAsync() ?? ValueTask.CompletedTask;
}
