using System.Runtime.InteropServices;
using Confluent.Kafka;
using StreamAgg.Dev.Kafka.Isolation.Proxy;
using StreamAgg.Dev.Kafka.Isolation.Transactions;
using StreamAgg.Kafka.Native;
using StreamAgg.Kafka.Topics;

namespace StreamAgg.Dev.Kafka;

/// <summary>
/// A Kafka cluster inside this process: librdkafka's mock cluster, reached over real loopback TCP
/// ports by any Kafka client (of this process or another) through <see cref="BootstrapServers"/>.
/// It keeps data in memory, does not compact, ignores topic configs and has no controller (the
/// Admin API cannot create topics on it: use <see cref="CreateTopic"/>). It lives as long as this
/// object: dispose it after the clients that use it.
/// </summary>
/// <remarks>
/// The brokers are librdkafka's mock brokers, which accept transactions without isolating them.
/// Clients reach them through an isolating proxy in this process (one loopback listener per
/// broker, <see cref="BootstrapServers"/>) that adds Kafka's transactional semantics:
/// read_committed readers see neither aborted nor open transactions, a new producer with the same
/// transactional.id aborts the previous one's open transaction and fences it, transactions time
/// out after the producer's transaction.timeout.ms, and SendOffsetsToTransaction offsets become the
/// group's committed offsets when the transaction commits (stored once the group coordinator takes
/// them, should it be rebalancing then). Idempotent producers, consumer groups
/// (a rebalance waits the session timeout minus 1 s), offset commits, leader moves, broker outages
/// and injected request errors work through the proxy as on the brokers.
/// Set STREAMAGG_KAFKA_PROXY_TRACE=1 to have the proxy report what it could not parse and what it
/// aborted, on standard error.
/// </remarks>
public sealed class EmbeddedKafkaCluster : IDisposable, IAsyncDisposable
{
    /// <summary>Broker id that addresses every broker in <see cref="SetBrokerDown"/>, <see cref="SetBrokerUp"/> and <see cref="SetRtt"/>.</summary>
    public const int AllBrokers = -1;

    /// <summary>The broker count used when none is given.</summary>
    public const int DefaultBrokerCount = 3;

    /// <summary>The environment variable that, set to 1, traces the isolating proxy on standard error.</summary>
    public const string ProxyTraceVariable = "STREAMAGG_KAFKA_PROXY_TRACE";

    private readonly RdKafkaHandle _handle;
    private readonly IntPtr _mockCluster;
    private readonly IsolatingProxy _proxy;

    private EmbeddedKafkaCluster(RdKafkaHandle handle, IntPtr mockCluster, int brokerCount)
    {
        _handle = handle;
        _mockCluster = mockCluster;
        BrokerCount = brokerCount;
        BrokerBootstrapServers = Marshal.PtrToStringUTF8(LibRdKafka.rd_kafka_mock_cluster_bootstraps(mockCluster))
            ?? throw new InvalidOperationException("librdkafka returned no bootstrap servers for the mock cluster.");
        Action<string>? trace = Environment.GetEnvironmentVariable(ProxyTraceVariable) == "1"
            ? message => Console.Error.WriteLine("embedded Kafka proxy: " + message)
            : null;
        _proxy = IsolatingProxy.Start(BrokerBootstrapServers, TimeProvider.System, trace);
    }

    /// <summary>
    /// The bootstrap.servers string of the cluster (127.0.0.1 with ports of their own): the
    /// isolating proxy's listeners, one per broker. Every client should use this one.
    /// </summary>
    public string BootstrapServers => _proxy.BootstrapServers;

    /// <summary>
    /// The brokers' own addresses, around the isolating proxy: transactions there are not isolated
    /// (read_committed readers see aborted and open ones). For measuring what the proxy costs.
    /// </summary>
    public string BrokerBootstrapServers { get; }

    /// <summary>The number of brokers; their ids run from 1 to this count.</summary>
    public int BrokerCount { get; }

    /// <summary>The isolating proxy's transaction state, for tests that watch transactions end, time out or get fenced.</summary>
    internal TransactionCoordinator Transactions => _proxy.Coordinator;

    /// <summary>
    /// Starts a cluster of <paramref name="brokerCount"/> brokers and creates the topics of
    /// <paramref name="catalog"/> (if given), each with its partition count and a replication
    /// factor of at most <paramref name="brokerCount"/>.
    /// </summary>
    /// <exception cref="DllNotFoundException">No usable librdkafka (the message says what to do).</exception>
    public static EmbeddedKafkaCluster Start(TopicCatalog? catalog = null, int brokerCount = DefaultBrokerCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(brokerCount, 1);
        LibRdKafkaLibrary.ResolveImportsOf(typeof(LibRdKafka).Assembly);
        var handle = CreateMockHandle(brokerCount);
        var mockCluster = LibRdKafka.rd_kafka_handle_mock_cluster(handle);
        if (mockCluster == IntPtr.Zero)
        {
            handle.Dispose();
            throw new InvalidOperationException("librdkafka created no mock cluster: is this librdkafka built without the mock API?");
        }

        var cluster = new EmbeddedKafkaCluster(handle, mockCluster, brokerCount);
        if (catalog is not null)
        {
            cluster.CreateTopics(catalog);
        }

        return cluster;
    }

    /// <summary>Creates every topic of the catalog, capping replication at <see cref="BrokerCount"/>.</summary>
    public void CreateTopics(TopicCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        foreach (var topic in catalog.Topics)
        {
            CreateTopic(topic.Name, topic.Partitions, Math.Min(topic.ReplicationFactor, BrokerCount));
        }
    }

    /// <summary>Creates a topic; configs do not exist on the mock cluster.</summary>
    /// <exception cref="KafkaException">The topic exists already (TopicAlreadyExists) or the arguments are refused.</exception>
    public void CreateTopic(string name, int partitions, int replicationFactor)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(replicationFactor, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(replicationFactor, BrokerCount);
        Check(Call(m => LibRdKafka.rd_kafka_mock_topic_create(m, name, partitions, replicationFactor)), $"create topic '{name}'");
    }

    /// <summary>Moves the leadership of one partition to <paramref name="brokerId"/> (-1: no leader).</summary>
    public void SetPartitionLeader(string topic, int partition, int brokerId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(topic);
        Check(Call(m => LibRdKafka.rd_kafka_mock_partition_set_leader(m, topic, partition, brokerId)), $"set the leader of {topic}[{partition}]");
    }

    /// <summary>
    /// Disconnects a broker (1..<see cref="BrokerCount"/>, or <see cref="AllBrokers"/>) and refuses
    /// new connections until <see cref="SetBrokerUp"/>. Leadership does not move.
    /// </summary>
    public void SetBrokerDown(int brokerId) =>
        Check(Call(m => LibRdKafka.rd_kafka_mock_broker_set_down(m, CheckBroker(brokerId))), $"set broker {brokerId} down");

    /// <summary>Lets a broker accept connections again.</summary>
    public void SetBrokerUp(int brokerId) =>
        Check(Call(m => LibRdKafka.rd_kafka_mock_broker_set_up(m, CheckBroker(brokerId))), $"set broker {brokerId} up");

    /// <summary>Delays every response of a broker by <paramref name="milliseconds"/> (0 removes the delay).</summary>
    public void SetRtt(int brokerId, int milliseconds)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(milliseconds);
        Check(Call(m => LibRdKafka.rd_kafka_mock_broker_set_rtt(m, CheckBroker(brokerId), milliseconds)), $"set the RTT of broker {brokerId}");
    }

    /// <summary>
    /// Makes the next <c>errors.Length</c> requests of type <paramref name="apiKey"/>, on any broker,
    /// fail with these errors in order. <see cref="ErrorCode.Local_Transport"/> disconnects the client instead.
    /// </summary>
    public unsafe void PushRequestErrors(KafkaApiKey apiKey, params ErrorCode[] errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var codes = Array.ConvertAll(errors, e => (int)e);
        Call(m =>
        {
            fixed (int* first = codes)
            {
                LibRdKafka.rd_kafka_mock_push_request_errors_array(m, (short)apiKey, (nuint)codes.Length, first);
            }

            return 0;
        });
    }

    /// <summary>Forgets the errors pushed for <paramref name="apiKey"/> that have not fired yet.</summary>
    public void ClearRequestErrors(KafkaApiKey apiKey) =>
        Call(m =>
        {
            LibRdKafka.rd_kafka_mock_clear_request_errors(m, (short)apiKey);
            return 0;
        });

    /// <summary>Stops the proxy and the brokers (rd_kafka_destroy); connected clients see the cluster disappear.</summary>
    public void Dispose()
    {
        _proxy.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _handle.Dispose();
    }

    /// <summary>Stops the brokers off the caller's thread, since rd_kafka_destroy blocks until they are gone.</summary>
    public ValueTask DisposeAsync() => new(Task.Run(Dispose));

    private static unsafe RdKafkaHandle CreateMockHandle(int brokerCount)
    {
        var conf = LibRdKafka.rd_kafka_conf_new();
        var error = stackalloc byte[LibRdKafka.ErrorStringSize];
        try
        {
            Set(conf, "test.mock.num.brokers", brokerCount.ToString(System.Globalization.CultureInfo.InvariantCulture), error);
            Set(conf, "client.id", "streamagg-embedded-kafka", error);
            // The handle's own producer only hosts the brokers; its connection chatter (brokers
            // set down on purpose) is noise, real failures surface in the clients.
            Set(conf, "log_level", "0", error);
        }
        catch
        {
            LibRdKafka.rd_kafka_conf_destroy(conf);
            throw;
        }

        var handle = new RdKafkaHandle();
        var rk = LibRdKafka.rd_kafka_new(LibRdKafka.ProducerType, conf, error, LibRdKafka.ErrorStringSize);
        if (rk == IntPtr.Zero)
        {
            LibRdKafka.rd_kafka_conf_destroy(conf);
            throw new InvalidOperationException("librdkafka could not start the mock cluster: " + Marshal.PtrToStringUTF8((IntPtr)error));
        }

        Marshal.InitHandle(handle, rk);
        return handle;
    }

    private static unsafe void Set(IntPtr conf, string name, string value, byte* error)
    {
        if (LibRdKafka.rd_kafka_conf_set(conf, name, value, error, LibRdKafka.ErrorStringSize) != LibRdKafka.ConfOk)
        {
            throw new InvalidOperationException($"librdkafka refused {name}={value}: {Marshal.PtrToStringUTF8((IntPtr)error)}");
        }
    }

    private int CheckBroker(int brokerId) =>
        brokerId == AllBrokers || (brokerId >= 1 && brokerId <= BrokerCount)
            ? brokerId
            : throw new ArgumentOutOfRangeException(nameof(brokerId), brokerId, $"broker ids run from 1 to {BrokerCount} ({AllBrokers} for all)");

    // Holds a reference on the handle for the duration of the call, so a concurrent Dispose
    // cannot destroy the cluster under a native call; after Dispose this throws ObjectDisposedException.
    private int Call(Func<IntPtr, int> action)
    {
        var added = false;
        try
        {
            _handle.DangerousAddRef(ref added);
            return action(_mockCluster);
        }
        finally
        {
            if (added)
            {
                _handle.DangerousRelease();
            }
        }
    }

    private static void Check(int error, string what)
    {
        if (error != 0)
        {
            throw new KafkaException(new Error((ErrorCode)error, $"embedded Kafka cluster: cannot {what}: {(ErrorCode)error}"));
        }
    }
}
