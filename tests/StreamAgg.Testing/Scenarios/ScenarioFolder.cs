namespace StreamAgg.Testing.Scenarios;

/// <summary>Finds tests/scenarios from the test binary's directory and lists the worked scenarios.</summary>
public static class ScenarioFolder
{
    public static string Root { get; } = FindRoot();

    public static IEnumerable<object[]> All() =>
        Directory.GetDirectories(Root).Select(Path.GetFileName).Order(StringComparer.Ordinal).Select(n => new object[] { n! });

    public static string PathOf(string name, string file) => Path.Combine(Root, name, file);

    public static IEnumerable<byte[]> Lines(string name, string file)
    {
        string path = PathOf(name, file);
        if (!File.Exists(path))
        {
            yield break;
        }

        foreach (string line in File.ReadLines(path))
        {
            if (line.Length > 0)
            {
                yield return System.Text.Encoding.UTF8.GetBytes(line);
            }
        }
    }

    /// <summary>The expected dead letters of a scenario, as (reason, raw) pairs.</summary>
    public static List<(string Reason, string Raw)> DeadLetters(string name) =>
        Lines(name, "expected-dead-letters.ndjson")
            .Select(line =>
            {
                using var json = System.Text.Json.JsonDocument.Parse(line);
                return (json.RootElement.GetProperty("reason").GetString()!, json.RootElement.GetProperty("raw").GetString()!);
            })
            .ToList();

    private static string FindRoot([System.Runtime.CompilerServices.CallerFilePath] string sourceFile = "")
    {
        // The binary's directory first; the source tree as a fallback (a test binary built elsewhere).
        foreach (string start in new[] { AppContext.BaseDirectory, Path.GetDirectoryName(sourceFile) ?? "" })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, "tests", "scenarios");
                if (Directory.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        throw new DirectoryNotFoundException("tests/scenarios not found above " + AppContext.BaseDirectory);
    }
}
