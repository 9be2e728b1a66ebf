using System.Text;
using System.Text.Json;
using Xunit;

namespace StreamAgg.Core.Tests.Events;

/// <summary>Reads the worked scenarios in tests/scenarios (found by walking up from the test binaries).</summary>
internal static class ScenarioLines
{
    public static string Directory { get; } = Find();

    public static IEnumerable<string> Names =>
        System.IO.Directory.GetDirectories(Directory).Select(Path.GetFileName).Order(StringComparer.Ordinal)!;

    /// <summary>The non-empty lines of a scenario file, as raw bytes without the line terminator.</summary>
    public static List<byte[]> RawLines(string scenario, string file)
    {
        byte[] all = File.ReadAllBytes(Path.Combine(Directory, scenario, file));
        var lines = new List<byte[]>();
        foreach (Range range in all.AsSpan().Split((byte)'\n'))
        {
            ReadOnlySpan<byte> line = all.AsSpan(range);
            if (line.EndsWith("\r"u8))
            {
                line = line[..^1];
            }

            if (!line.IsEmpty)
            {
                lines.Add(line.ToArray());
            }
        }

        return lines;
    }

    /// <summary>The expected dead letters of a scenario as (reason, raw text) pairs.</summary>
    public static List<(string Reason, string Raw)> ExpectedDeadLetters(string scenario) =>
        RawLines(scenario, "expected-dead-letters.ndjson")
            .Select(line =>
            {
                using var doc = JsonDocument.Parse(line);
                return (doc.RootElement.GetProperty("reason").GetString()!, doc.RootElement.GetProperty("raw").GetString()!);
            })
            .ToList();

    public static string Text(byte[] raw) => Encoding.UTF8.GetString(raw);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "tests", "scenarios");
            if (System.IO.Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("tests/scenarios not found above " + AppContext.BaseDirectory);
    }
}
