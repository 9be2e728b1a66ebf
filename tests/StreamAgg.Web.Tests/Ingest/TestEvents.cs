namespace StreamAgg.Web.Tests.Ingest;

/// <summary>Player events as a player would send them (SEMANTICS.md §1).</summary>
internal static class TestEvents
{
    public static string Valid(string userId, int n, string eventName = "video_heartbeat") =>
        $$"""{"userId":"{{userId}}","videoId":"v1","eventName":"{{eventName}}","timestamp":"2026-12-06T06:00:{{n % 60:00}}Z","currentTime":{{n}},"sessionId":"s-{{userId}}","eventId":"{{userId}}-{{n}}"}""";

    public static string[] Batch(string userId, int count) =>
        Enumerable.Range(0, count).Select(n => Valid(userId, n)).ToArray();

    public static string JsonArray(IEnumerable<string> events) => "[" + string.Join(",", events) + "]";

    public static string Ndjson(IEnumerable<string> events) => string.Join("\n", events) + "\n";
}
