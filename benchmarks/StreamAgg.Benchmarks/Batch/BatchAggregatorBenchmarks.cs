using BenchmarkDotNet.Attributes;
using StreamAgg.Batch;

namespace StreamAgg.Benchmarks.Batch;

/// <summary>
/// The whole batch path, <see cref="BatchAggregator.Run"/>: parse, apply, heatmap, then rows,
/// heatmap CSV and dead letters written to memory. The time per event is the mean divided by
/// the line count the setup prints; likewise "Allocated" (state and output included).
/// </summary>
[MemoryDiagnoser]
public class BatchAggregatorBenchmarks
{
    private ScenarioTraffic _traffic = null!;
    private readonly MemoryStream _rows = new();
    private readonly MemoryStream _heatmap = new();
    private readonly MemoryStream _deadLetters = new();

    /// <summary>Times scenario 11 is repeated (5,174 lines each).</summary>
    [Params(40)]
    public int Repeats { get; set; }

    /// <summary>Whether the lines the parser refuses are left out.</summary>
    [Params(false, true)]
    public bool ValidOnly { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _traffic = ScenarioTraffic.Create(Repeats, ValidOnly);
        Console.WriteLine($"// {_traffic.Lines} lines, {_traffic.Events.Length} bytes");
    }

    [Benchmark]
    public BatchSummary Run()
    {
        _rows.SetLength(0);
        _heatmap.SetLength(0);
        _deadLetters.SetLength(0);
        using var heatmap = new StreamWriter(_heatmap, leaveOpen: true);
        return new BatchAggregator().Run(
            new MemoryStream(_traffic.Events, writable: false),
            new MemoryStream(_traffic.Videos, writable: false),
            _rows,
            heatmap,
            _deadLetters);
    }
}
