using System.Globalization;

namespace StreamAgg.HeatmapBench;

/// <summary>The harness's knobs: <c>--name value</c> pairs, all optional.</summary>
internal sealed record BenchOptions
{
    public string? Postgres { get; init; } = Environment.GetEnvironmentVariable("STREAMAGG_POSTGRES");
    public int Days { get; init; } = 90;
    public int Seconds { get; init; } = 600;
    public int ViewersAtStart { get; init; } = 3000;
    public int QueryRuns { get; init; } = 40;
    public int BaselineRuns { get; init; } = 3;
    public int SinkCells { get; init; } = 600_000;

    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions();
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            int Int() => int.Parse(args[i + 1], CultureInfo.InvariantCulture);
            options = args[i] switch
            {
                "--postgres" => options with { Postgres = args[i + 1] },
                "--days" => options with { Days = Int() },
                "--seconds" => options with { Seconds = Int() },
                "--viewers" => options with { ViewersAtStart = Int() },
                "--query-runs" => options with { QueryRuns = Int() },
                "--baseline-runs" => options with { BaselineRuns = Int() },
                "--sink-cells" => options with { SinkCells = Int() },
                _ => throw new ArgumentException($"unknown option {args[i]}"),
            };
        }
        return options;
    }
}
