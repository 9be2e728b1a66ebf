using System.Net;
using Npgsql;
using StreamAgg.Kafka.Clients;

namespace StreamAgg.Web.Tests;

public sealed class WebServerTests
{
    [Fact]
    public async Task StartAsync_PortZero_ListensOnLoopbackAndAnswers()
    {
        await using var dataSource = NpgsqlDataSource.Create("Host=127.0.0.1;Port=1;Database=none");
        await using var server = await WebServer.StartAsync(new WebServerOptions
        {
            Port = 0,
            Kafka = new KafkaClientSettings("127.0.0.1:1"),
            Postgres = dataSource,
            ReadToken = "read-token-for-tests-only",
            WriteKeys = new Dictionary<string, string> { ["site"] = "write-key-for-tests-only" },
        });

        Assert.Equal("127.0.0.1", server.Address.Host);
        Assert.NotEqual(0, server.Address.Port);
        using var http = new HttpClient { BaseAddress = server.Address };
        using var response = await http.GetAsync("/no-such-page");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
