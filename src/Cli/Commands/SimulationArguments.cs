using System.CommandLine;
using StreamAgg.Simulator;

namespace StreamAgg.Cli.Commands;

/// <summary>The workload options shared by <c>simulate</c> and <c>demo</c>.</summary>
internal sealed class SimulationArguments(long defaultEvents, double defaultSpeedup)
{
    public Option<int> Viewers { get; } = new("--viewers") { Description = "Simulated viewers.", DefaultValueFactory = _ => 2_000 };
    public Option<int> Videos { get; } = new("--videos-count") { Description = "Simulated videos.", DefaultValueFactory = _ => 20 };
    public Option<long?> Events { get; } = new("--count") { Description = "Stop after this many events (0: no limit).", DefaultValueFactory = _ => defaultEvents };
    public Option<double?> Rate { get; } = new("--rate") { Description = "At most this many events per second (default: no limit)." };
    public Option<double> Speedup { get; } = new("--speedup") { Description = "Simulated seconds per wall-clock second.", DefaultValueFactory = _ => defaultSpeedup };
    public Option<int> Seed { get; } = new("--seed") { Description = "Seed: the same seed gives the same traffic.", DefaultValueFactory = _ => 1 };
    public Option<double> BadInput { get; } = new("--bad-input") { Description = "Fraction of invalid messages.", DefaultValueFactory = _ => 0.001 };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Viewers, Videos, Events, Rate, Speedup, Seed, BadInput })
        {
            command.Options.Add(option);
        }
    }

    public SimulationOptions Read(ParseResult parse)
    {
        var options = new SimulationOptions
        {
            Viewers = parse.GetValue(Viewers),
            Videos = parse.GetValue(Videos),
            MaxEvents = parse.GetValue(Events) is > 0 and var count ? count : null,
            EventsPerSecond = parse.GetValue(Rate),
            Speedup = parse.GetValue(Speedup),
            Seed = parse.GetValue(Seed),
            BadInputFraction = parse.GetValue(BadInput),
        };
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new UsageException(string.Join(" ", problems));
        }

        return options;
    }
}
