using StreamAgg.Kafka;
using StreamAgg.Kafka.Topics;
using Testcontainers.Kafka;
using StreamAgg.Dev.Kafka;

namespace StreamAgg.Integration.Tests.Kafka;

/// <summary>
/// Opt-in: a real single-node Apache Kafka (KRaft) in Docker, started by Testcontainers, when
/// <c>STREAMAGG_TEST_KAFKA=testcontainers</c> and a Docker daemon answers. No daemon runs on the
/// machines that build this project, so this path compiles here but has never run here; CI uses the
/// embedded cluster. Tests that inject faults through <see cref="KafkaTarget.EmbeddedCluster"/>
/// need the embedded cluster and fail on this target, as they do with STREAMAGG_KAFKA_BOOTSTRAP.
/// </summary>
internal sealed class KafkaContainerTarget : IAsyncDisposable
{
    /// <summary>The environment variable that opts in (value <c>testcontainers</c>).</summary>
    public const string Variable = "STREAMAGG_TEST_KAFKA";

    private const string Image = "apache/kafka:3.9.1";

    private readonly KafkaContainer _container;

    private KafkaContainerTarget(KafkaContainer container, KafkaTarget target)
    {
        _container = container;
        Target = target;
    }

    /// <summary>The started broker, with the catalog's topics provisioned through the Admin API.</summary>
    public KafkaTarget Target { get; }

    public static bool Requested =>
        string.Equals(Environment.GetEnvironmentVariable(Variable), "testcontainers", StringComparison.OrdinalIgnoreCase);

    public static async Task<KafkaContainerTarget> StartAsync(TopicCatalog catalog)
    {
        var container = new KafkaBuilder(Image).Build();
        try
        {
            await container.StartAsync();
            var target = await KafkaTarget.ConnectAsync(container.GetBootstrapAddress(), catalog);
            return new KafkaContainerTarget(container, target);
        }
        catch
        {
            await container.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Target.DisposeAsync();
        await _container.DisposeAsync();
    }
}
