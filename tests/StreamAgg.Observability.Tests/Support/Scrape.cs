using System.Globalization;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using StreamAgg.Observability.Endpoints;
using Xunit;

namespace StreamAgg.Observability.Tests.Support;

/// <summary>GETs /metrics with a real HttpClient and checks the text exposition line by line.</summary>
internal static partial class Scrape
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static async Task<string> GetAsync(OperationsServer server, string? token = null)
    {
        using var http = new HttpClient { BaseAddress = server.LocalAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        Assert.Equal(ContentType, response.Content.Headers.ContentType!.ToString());
        var text = await response.Content.ReadAsStringAsync();
        AssertWellFormed(text);
        return text;
    }

    /// <summary>
    /// The text without the instrumentation-scope labels the exporter puts on every series
    /// (<c>otel_scope_name</c>, and <c>otel_scope_version</c> where the meter has a version), so
    /// that a test can state a series the way a PromQL query that ignores them sees it.
    /// </summary>
    public static string Unscoped(string text)
    {
        var unscoped = ScopeLabel().Replace(text, "");
        return unscoped.Replace("{}", "", StringComparison.Ordinal).Replace(",}", "}", StringComparison.Ordinal);
    }

    /// <summary>The metric families served (the names of the <c># TYPE</c> lines) with their types.</summary>
    public static Dictionary<string, string> Families(string text) =>
        text.Split('\n').Where(l => l.StartsWith("# TYPE ", StringComparison.Ordinal)).Select(l => l.Split(' ')).ToDictionary(p => p[2], p => p[3]);

    /// <summary>
    /// Every line is a HELP, a TYPE or a sample; every sample belongs to the family of the TYPE
    /// before it (histogram samples by their suffixes); values parse as floats.
    /// </summary>
    public static void AssertWellFormed(string text)
    {
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
        string? family = null;
        string? type = null;
        foreach (var line in text.TrimEnd('\n').Split('\n'))
        {
            if (line.StartsWith("# HELP ", StringComparison.Ordinal))
            {
                Assert.Matches(MetricName(), line.Split(' ')[2]);
                continue;
            }

            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line.Split(' ');
                Assert.Equal(4, parts.Length);
                family = parts[2];
                type = parts[3];
                Assert.Contains(type, new[] { "counter", "gauge", "histogram", "summary", "untyped" });
                continue;
            }

            var sample = Sample().Match(line);
            Assert.True(sample.Success, $"not a sample line: {line}");
            var name = sample.Groups["name"].Value;
            Assert.NotNull(family);
            Assert.True(
                name == family || (type == "histogram" && (name == family + "_bucket" || name == family + "_sum" || name == family + "_count")),
                $"{name} outside its family {family}");
            if (type == "histogram" && name.EndsWith("_bucket", StringComparison.Ordinal))
            {
                Assert.Contains("le=\"", sample.Groups["labels"].Value, StringComparison.Ordinal);
            }

            var value = sample.Groups["value"].Value;
            Assert.True(value is "+Inf" or "-Inf" or "NaN" || double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _), $"bad value {value}");
        }
    }

    [GeneratedRegex("""otel_scope_[a-z_]+="[^"]*",?""")]
    private static partial Regex ScopeLabel();

    [GeneratedRegex("^[a-zA-Z_:][a-zA-Z0-9_:]*$")]
    private static partial Regex MetricName();

    [GeneratedRegex("""^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(?<labels>\{[a-zA-Z_][a-zA-Z0-9_]*="(?:\\[\\"n]|[^"\\\n])*"(?:,[a-zA-Z_][a-zA-Z0-9_]*="(?:\\[\\"n]|[^"\\\n])*")*\})? (?<value>\S+)$""")]
    private static partial Regex Sample();
}
