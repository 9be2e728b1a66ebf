using System.Net;
using System.Text.Json;

namespace StreamAgg.Web.Tests.Dashboard;

/// <summary>Reads API answers as JSON documents: the tests check the documented names, not our C# types.</summary>
internal static class DashboardJson
{
    public static async Task<JsonElement> GetAsync(HttpClient client, string path, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{path}: {(int)response.StatusCode} {text}");
        Assert.StartsWith("application/json", response.Content.Headers.ContentType?.ToString());
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static long[] Longs(this JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetInt64())];

    public static int[] Ints(this JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetInt32())];

    public static double[] Doubles(this JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetDouble())];
}
