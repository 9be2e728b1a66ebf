namespace StreamAgg.Observability.Tests.Support;

/// <summary>The metric tables of docs/operations.md: each Prometheus name with its type, as documented.</summary>
internal static class OperationsDoc
{
    public static Dictionary<string, string> PrometheusMetrics()
    {
        var metrics = new Dictionary<string, string>(StringComparer.Ordinal);
        string? prefix = null;
        foreach (var line in File.ReadAllLines(Path()))
        {
            if (!line.StartsWith("| `streamagg.", StringComparison.Ordinal))
            {
                continue;
            }

            var cells = line.Split(" | ");
            var name = cells[1].Trim('`');
            if (name.StartsWith('…'))
            {
                name = prefix + name[1..];
            }
            else
            {
                // The first row of a table names in full what the others abbreviate as …
                var otelName = cells[0].TrimStart('|', ' ').Trim('`');
                prefix = string.Join('_', otelName.Split('.')[..2]);
            }

            var type = cells[2].StartsWith("counter", StringComparison.Ordinal) ? "counter"
                : cells[2].StartsWith("histogram", StringComparison.Ordinal) ? "histogram"
                : "gauge";
            metrics.Add(name, type);
        }

        return metrics;
    }

    private static string Path()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = System.IO.Path.Combine(directory.FullName, "docs", "operations.md");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("docs/operations.md above " + AppContext.BaseDirectory);
    }
}
