using System.Text;
using StreamAgg.Core.Events;

namespace StreamAgg.Benchmarks.Batch;

/// <summary>
/// Scenario-like input held in memory: scenario 11 (mixed traffic) repeated with distinct user
/// ids, as docs/benchmarks.md describes, so timing sees no disk.
/// </summary>
internal sealed class ScenarioTraffic
{
    private ScenarioTraffic(byte[] events, byte[] videos, int lines)
    {
        Events = events;
        Videos = videos;
        Lines = lines;
    }

    /// <summary>The NDJSON events.</summary>
    public byte[] Events { get; }

    /// <summary>The scenario's videos file.</summary>
    public byte[] Videos { get; }

    /// <summary>Lines in <see cref="Events"/>.</summary>
    public int Lines { get; }

    /// <summary>
    /// Scenario 11 repeated <paramref name="repeats"/> times, user ids prefixed "r{i}-". With
    /// <paramref name="validOnly"/> the lines the parser refuses are left out (late ones stay).
    /// </summary>
    public static ScenarioTraffic Create(int repeats, bool validOnly)
    {
        string folder = Path.Combine(RepositoryRoot(), "tests", "scenarios", "11-mixed-traffic");
        string[] source = File.ReadAllLines(Path.Combine(folder, "events.ndjson"));
        if (validOnly)
        {
            var parser = new PlayerEventParser();
            source = source.Where(l => parser.TryParse(Encoding.UTF8.GetBytes(l), out _) == DeadLetterReason.None).ToArray();
        }

        var text = new StringBuilder();
        for (int i = 0; i < repeats; i++)
        {
            foreach (string line in source)
            {
                text.Append(line.Replace("\"userId\": \"", $"\"userId\": \"r{i}-", StringComparison.Ordinal)).Append('\n');
            }
        }

        return new ScenarioTraffic(
            Encoding.UTF8.GetBytes(text.ToString()),
            File.ReadAllBytes(Path.Combine(folder, "videos.ndjson")),
            source.Length * repeats);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (Directory.Exists(Path.Combine(dir.FullName, "tests", "scenarios")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("tests/scenarios not found above " + AppContext.BaseDirectory);
    }
}
