using System.Text;

namespace StreamAgg.Observability.Prometheus;

/// <summary>
/// OpenTelemetry names and units as Prometheus names, the way the OpenTelemetry Prometheus
/// exporters do it: characters outside <c>[a-zA-Z0-9_:]</c> become <c>_</c>, the unit becomes
/// a suffix (<c>s</c> → <c>_seconds</c>, <c>By</c> → <c>_bytes</c>; annotations like
/// <c>{event}</c> add nothing), and counters end in <c>_total</c>.
/// </summary>
internal static class PrometheusNames
{
    public static string Metric(string name, string? unit, bool counter)
    {
        var text = new StringBuilder(Sanitize(name));
        var suffix = UnitSuffix(unit);
        if (suffix.Length > 0 && !text.ToString().EndsWith("_" + suffix, StringComparison.Ordinal))
        {
            text.Append('_').Append(suffix);
        }

        if (counter)
        {
            text.Append("_total");
        }

        return text.ToString();
    }

    public static string Label(string name) => Sanitize(name, allowColon: false);

    private static string UnitSuffix(string? unit) => unit switch
    {
        null or "" or "1" => "",
        "s" => "seconds",
        "ms" => "milliseconds",
        "By" => "bytes",
        _ when unit.StartsWith('{') => "",
        _ => Sanitize(unit, allowColon: false),
    };

    private static string Sanitize(string name, bool allowColon = true)
    {
        var text = new StringBuilder(name.Length + 1);
        foreach (var c in name)
        {
            text.Append(char.IsAsciiLetterOrDigit(c) || c == '_' || (allowColon && c == ':') ? c : '_');
        }

        if (text.Length == 0 || char.IsAsciiDigit(text[0]))
        {
            text.Insert(0, '_');
        }

        return text.ToString();
    }
}
