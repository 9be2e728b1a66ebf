using System.Text.Json;

namespace StreamAgg.Web.Tests.Dashboard;

/// <summary><c>GET /api/events</c>: a <c>stored</c> event when the sinks store something, and only then.</summary>
[Collection(DashboardCollection.Name)]
public sealed class ChangeStreamTests(DashboardServer server)
{
    [Fact]
    public async Task Events_RowsStored_PushesANewMarkAfterTheCurrentOne()
    {
        using var client = server.Reader();
        using var response = await client.GetAsync("/api/events", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());

        var first = await NextStoredAsync(reader);
        await server.StoreRowsAsync(DashboardServer.UnrelatedRows(2));
        var second = await NextStoredAsync(reader);

        Assert.Equal(first.GetProperty("storedOffsets").GetInt64() + 2, second.GetProperty("storedOffsets").GetInt64());
    }

    /// <summary>The data of the next <c>stored</c> event (skipping <c>ingest</c> events and comments).</summary>
    private static async Task<JsonElement> NextStoredAsync(StreamReader reader)
    {
        string? name = null;
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal))
                name = line["event: ".Length..];
            else if (line.StartsWith("data: ", StringComparison.Ordinal) && name == "stored")
                return JsonDocument.Parse(line["data: ".Length..]).RootElement.Clone();
            else if (line.Length == 0)
                name = null;
        }
        throw new InvalidOperationException("The stream ended.");
    }
}
