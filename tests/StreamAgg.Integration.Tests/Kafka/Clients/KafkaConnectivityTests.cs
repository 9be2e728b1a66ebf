using System.Net;
using System.Net.Sockets;
using StreamAgg.Kafka.Clients;
using Xunit;

namespace StreamAgg.Integration.Tests.Kafka.Clients;

[Collection(KafkaCollection.Name)]
public sealed class KafkaConnectivityTests(KafkaFixture kafka)
{
    [Fact]
    public async Task EnsureReachableAsync_RunningCluster_ReturnsItsBrokers()
    {
        var metadata = await KafkaConnectivity.EnsureReachableAsync(kafka.Settings, TimeSpan.FromSeconds(30));

        Assert.NotEmpty(metadata.Brokers);
    }

    [Fact]
    public async Task EnsureReachableAsync_NothingListening_ThrowsNamingTheAddressAndTheRemedy()
    {
        var address = $"127.0.0.1:{FreePort()}";

        var error = await Assert.ThrowsAsync<KafkaUnreachableException>(
            () => KafkaConnectivity.EnsureReachableAsync(new KafkaClientSettings(address), TimeSpan.FromSeconds(2)));

        Assert.Equal(address, error.BootstrapServers);
        Assert.StartsWith($"cannot reach Kafka at {address}: is it running? Start one with ./streamagg kafka", error.Message, StringComparison.Ordinal);
    }

    // A port that was free a moment ago: nothing listens there.
    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
