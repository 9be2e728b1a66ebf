using System.Runtime.InteropServices;
using StreamAgg.Kafka.Native;

namespace StreamAgg.Dev.Kafka;

// The slice of librdkafka's C API (rdkafka.h, rdkafka_mock.h) the embedded cluster uses.
// The mock API is marked experimental upstream; these signatures are checked by the tests that
// drive it. Strings cross as UTF-8; rd_kafka_resp_err_t is a C enum, i.e. an int.
internal static partial class LibRdKafka
{
    // A logical name; LibRdKafkaLibrary binds it to the same file Confluent.Kafka uses.
    public const string LibraryName = LibRdKafkaLibrary.ImportName;

    public const int ProducerType = 0; // RD_KAFKA_PRODUCER
    public const int ConfOk = 0;       // RD_KAFKA_CONF_OK
    public const int ErrorStringSize = 512;

    [LibraryImport(LibraryName)]
    public static partial IntPtr rd_kafka_conf_new();

    [LibraryImport(LibraryName, StringMarshalling = StringMarshalling.Utf8)]
    public static unsafe partial int rd_kafka_conf_set(IntPtr conf, string name, string value, byte* errstr, nuint errstrSize);

    [LibraryImport(LibraryName)]
    public static partial void rd_kafka_conf_destroy(IntPtr conf);

    // On success the new handle owns conf; on failure the caller still does.
    [LibraryImport(LibraryName)]
    public static unsafe partial IntPtr rd_kafka_new(int type, IntPtr conf, byte* errstr, nuint errstrSize);

    // Blocks until the handle's threads (and with them the mock brokers) are gone.
    [LibraryImport(LibraryName)]
    public static partial void rd_kafka_destroy(IntPtr rk);

    [LibraryImport(LibraryName)]
    public static partial IntPtr rd_kafka_handle_mock_cluster(RdKafkaHandle rk);

    [LibraryImport(LibraryName)]
    public static partial IntPtr rd_kafka_mock_cluster_bootstraps(IntPtr mcluster);

    [LibraryImport(LibraryName, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int rd_kafka_mock_topic_create(IntPtr mcluster, string topic, int partitionCount, int replicationFactor);

    [LibraryImport(LibraryName, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int rd_kafka_mock_partition_set_leader(IntPtr mcluster, string topic, int partition, int brokerId);

    [LibraryImport(LibraryName)]
    public static partial int rd_kafka_mock_broker_set_down(IntPtr mcluster, int brokerId);

    [LibraryImport(LibraryName)]
    public static partial int rd_kafka_mock_broker_set_up(IntPtr mcluster, int brokerId);

    [LibraryImport(LibraryName)]
    public static partial int rd_kafka_mock_broker_set_rtt(IntPtr mcluster, int brokerId, int rttMs);

    // The array form of the variadic rd_kafka_mock_push_request_errors: P/Invoke cannot call
    // C varargs portably, and librdkafka exports this one too.
    [LibraryImport(LibraryName)]
    public static unsafe partial void rd_kafka_mock_push_request_errors_array(IntPtr mcluster, short apiKey, nuint count, int* errors);

    [LibraryImport(LibraryName)]
    public static partial void rd_kafka_mock_clear_request_errors(IntPtr mcluster, short apiKey);
}
