using System.CommandLine;
using StreamAgg.Core.Engagement;
using StreamAgg.Core.Events;
using StreamAgg.Core.Videos;
using StreamAgg.Heatmap;
using StreamAgg.Hll;
using StreamAgg.Simulator.Fuzzing;

namespace StreamAgg.Bench.Pipeline;

/// <summary>
/// <c>bench fuzz</c> (issue 16): millions of hostile inputs (<see cref="EventMutator"/>) through the
/// same parse → apply step as the processor and <c>aggregate</c>, with a real heatmap behind it.
/// Counts what became of them; any exception out of the parser or the engine, or any
/// <c>internal_error</c> (the engine threw and its safety net caught it), fails the run.
/// </summary>
internal sealed class FuzzBench(FuzzOptions options, TextWriter output)
{
    // Every so often the engine's other paths run too: closing idle sessions, end of input, rows.
    private const int RoundSize = 10_000;

    public static Command Command()
    {
        var inputs = new Option<long>("--inputs") { Description = "Hostile inputs to generate.", DefaultValueFactory = _ => 1_000_000 };
        var seed = new Option<int>("--seed") { Description = "Random seed (the same seed gives the same inputs).", DefaultValueFactory = _ => 1 };
        var scenarios = new Option<string?>("--scenarios")
        {
            Description = "Folder of scenarios whose events seed the mutations (default: tests/scenarios if present).",
            DefaultValueFactory = _ => Directory.Exists("tests/scenarios") ? "tests/scenarios" : null,
        };
        BenchOptions.MustBePositive(inputs);
        var command = new Command("fuzz", "Feed random and mutated player events to the parser and the engine; fails on any exception.") { inputs, seed, scenarios };
        command.SetAction(parse =>
        {
            var options = new FuzzOptions { Inputs = parse.GetValue(inputs), Seed = parse.GetValue(seed), Scenarios = parse.GetValue(scenarios) };
            return new FuzzBench(options, parse.InvocationConfiguration.Output).Run();
        });
        return command;
    }

    /// <summary>Runs; returns 0 when nothing threw, 1 otherwise.</summary>
    public int Run()
    {
        var mutator = new EventMutator(Seeds(), options.Seed);
        var heatmap = new HeatmapOutput();
        var videos = new VideoCatalog();
        var engine = new EngagementEngine(EngagementOptions.Default, videos, heatmap);
        var ingest = new EventIngest(new PlayerEventParser(), engine, TimeSpan.FromHours(1));
        long applied = 0, duplicates = 0, exceptions = 0, newestMs = 0;
        var deadLetters = new long[Enum.GetValues<DeadLetterReason>().Length];
        string? firstFailure = null;
        for (long i = 0; i < options.Inputs; i++)
        {
            byte[] input = mutator.Next();
            try
            {
                // Half the inputs come with a record timestamp (streaming), half without (a file).
                long recordMs = (i & 1) == 0 ? 1_795_168_800_000 + (i * 10) : EventIngest.NoRecordTimestamp;
                switch (ingest.Ingest(input, recordMs, out DeadLetterReason reason, out long eventMs))
                {
                    case IngestOutcome.Applied:
                        applied++;
                        newestMs = Math.Max(newestMs, eventMs);
                        break;
                    case IngestOutcome.Duplicate:
                        duplicates++;
                        break;
                    default:
                        deadLetters[(int)reason]++;
                        if (reason == DeadLetterReason.InternalError)
                        {
                            exceptions++;
                            firstFailure ??= $"input {i} (base64 {Convert.ToBase64String(input)}): {ingest.LastFailure}";
                        }

                        break;
                }

                if (i % RoundSize == RoundSize - 1)
                {
                    engine.CloseIdleSessions(newestMs, finalizePending: true);
                    foreach (EngagementRow row in engine.BuildAllRows())
                    {
                        _ = row.EngagementScore;
                    }

                    heatmap.Heatmap.DrainDeltas();
                }
            }
            catch (Exception e)
            {
                exceptions++;
                firstFailure ??= $"input {i} (base64 {Convert.ToBase64String(input)}): {e}";
            }
        }

        try
        {
            engine.Flush();
            _ = engine.BuildAllRows().Count();
        }
        catch (Exception e)
        {
            exceptions++;
            firstFailure ??= $"at the end of input: {e}";
        }

        output.WriteLine($"inputs                             {options.Inputs:N0} (seed {options.Seed})");
        output.WriteLine($"applied                            {applied:N0}");
        output.WriteLine($"duplicates                         {duplicates:N0}");
        foreach (DeadLetterReason reason in Enum.GetValues<DeadLetterReason>().Where(r => r != DeadLetterReason.None))
        {
            output.WriteLine($"dead letters {reason.ToWireName(),-22}{deadLetters[(int)reason]:N0}");
        }

        output.WriteLine($"keys                               {engine.KeyCount:N0}");
        if (exceptions == 0)
        {
            output.WriteLine("0 exceptions");
            return 0;
        }

        output.WriteLine($"FAILED: {exceptions:N0} exceptions; first: {firstFailure}");
        return 1;
    }

    private List<byte[]> Seeds()
    {
        var seeds = new List<byte[]>(EventMutator.BuiltInSeeds);
        if (options.Scenarios is { } folder && Directory.Exists(folder))
        {
            foreach (string file in Directory.GetFiles(folder, "events.ndjson", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                seeds.AddRange(File.ReadLines(file).Where(l => l.Length > 0).Select(System.Text.Encoding.UTF8.GetBytes));
            }
        }

        return seeds;
    }

    /// <summary>Credits go to a real heatmap accumulator, which checks every interval.</summary>
    private sealed class HeatmapOutput : IEngagementOutput
    {
        public HeatmapAccumulator Heatmap { get; } = new(HllSettings.Default, null, HeatmapTracking.Deltas);

        public void OnCredited(in EngagementKey key, in CreditedInterval interval)
        {
            var day = DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeMilliseconds(interval.CreditedFromMs).UtcDateTime);
            Heatmap.Credit(key.VideoId, day, key.UserId, interval.Start, interval.End);
        }

        public void OnRowChanged(in EngagementKey key)
        {
        }
    }
}
