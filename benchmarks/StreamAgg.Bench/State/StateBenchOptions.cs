namespace StreamAgg.Bench.State;

internal sealed record StateBenchOptions
{
    /// <summary>Distinct (user, video) keys, each watched once and finished.</summary>
    public int Keys { get; init; } = 1_000_000;

    /// <summary>The processor's --state-cache-mb.</summary>
    public int CacheMb { get; init; } = 64;

    /// <summary>Events between commits (the task's flush).</summary>
    public int EventsPerCommit { get; init; } = 20_000;

    /// <summary>Where the state directory and the changelog file go (a fresh folder under it, deleted afterwards).</summary>
    public string WorkDirectory { get; init; } = Path.GetTempPath();
}
