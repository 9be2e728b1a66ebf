using System.CommandLine;
using StreamAgg.Core.Engagement;

namespace StreamAgg.Cli.Commands;

/// <summary>The options for every rule of SEMANTICS.md §7, shared by <c>aggregate</c> and <c>demo</c>.</summary>
internal sealed class EngagementRuleOptions
{
    private static readonly EngagementOptions Defaults = EngagementOptions.Default;

    // 365 days: far beyond any sensible rule, small enough that nothing derived from it overflows.
    private const double MaxRuleSeconds = 31_536_000;

    public Option<double> SessionTimeout { get; } = new("--session-timeout")
    {
        Description = "Seconds of silence after which a session is over.",
        DefaultValueFactory = _ => Defaults.SessionTimeout.TotalSeconds,
    };

    public Option<double> Tolerance { get; } = new("--tolerance")
    {
        Description = "Seconds of playhead movement time may not explain before it counts as a jump.",
        DefaultValueFactory = _ => Defaults.ToleranceSeconds,
    };

    public Option<double> CompletionThreshold { get; } = new("--completion-threshold")
    {
        Description = "Fraction of the duration that counts as a completion.",
        DefaultValueFactory = _ => Defaults.CompletionThreshold,
    };

    public Option<double> ReplayStart { get; } = new("--replay-start")
    {
        Description = "A play at or before this second after a completion is a replay.",
        DefaultValueFactory = _ => Defaults.ReplayStartSeconds,
    };

    public Option<double> AllowedLateness { get; } = new("--allowed-lateness")
    {
        Description = "Seconds an event may lag its key's newest event and still be applied.",
        DefaultValueFactory = _ => Defaults.AllowedLateness.TotalSeconds,
    };

    public Option<string?> Salt { get; } = new("--salt")
    {
        Description = "Salt secret for heatmap viewer hashes (default: $STREAMAGG_HEATMAP_SALT; none if unset).",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("STREAMAGG_HEATMAP_SALT"),
    };

    public void AddTo(Command command)
    {
        command.Options.Add(SessionTimeout);
        command.Options.Add(Tolerance);
        command.Options.Add(CompletionThreshold);
        command.Options.Add(ReplayStart);
        command.Options.Add(AllowedLateness);
        command.Options.Add(Salt);
    }

    /// <summary>The rules as given; a clear error for values out of range.</summary>
    public EngagementOptions Read(ParseResult parse)
    {
        var sessionTimeout = parse.GetValue(SessionTimeout);
        var tolerance = parse.GetValue(Tolerance);
        var threshold = parse.GetValue(CompletionThreshold);
        var replayStart = parse.GetValue(ReplayStart);
        var lateness = parse.GetValue(AllowedLateness);
        // The upper bounds keep every credited interval within the heatmap's per-second index
        // (a gap of at most one session timeout, at rate 16) and every time sum within a long.
        Require(sessionTimeout is > 0 and <= MaxRuleSeconds, $"--session-timeout must be in (0, {MaxRuleSeconds}] seconds");
        Require(tolerance is >= 0 and <= MaxRuleSeconds, $"--tolerance must be in [0, {MaxRuleSeconds}] seconds");
        Require(threshold is > 0 and <= 1, "--completion-threshold must be in (0, 1]");
        Require(replayStart is >= 0 and <= MaxRuleSeconds, $"--replay-start must be in [0, {MaxRuleSeconds}] seconds");
        Require(lateness is >= 0 and <= MaxRuleSeconds, $"--allowed-lateness must be in [0, {MaxRuleSeconds}] seconds");
        return new EngagementOptions
        {
            SessionTimeout = TimeSpan.FromSeconds(sessionTimeout),
            ToleranceSeconds = tolerance,
            CompletionThreshold = threshold,
            ReplayStartSeconds = replayStart,
            AllowedLateness = TimeSpan.FromSeconds(lateness),
        };
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new UsageException(message);
        }
    }
}
