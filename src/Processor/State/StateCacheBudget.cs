namespace StreamAgg.Processor.State;

/// <summary>
/// The processor's <c>--state-cache-mb</c>, shared equally by the tasks that hold state: each
/// task's in-memory tier keeps its states within <see cref="Share"/>, which follows as tasks come
/// and go. Used by the stream thread only (tasks are created, flushed and closed on it).
/// </summary>
internal sealed class StateCacheBudget(long totalBytes)
{
    private int _tasks;

    public long TotalBytes { get; } = Math.Max(0, totalBytes);

    /// <summary>One task's part of the budget.</summary>
    public long Share => TotalBytes / Math.Max(1, _tasks);

    public void Join() => _tasks++;

    public void Leave() => _tasks = Math.Max(0, _tasks - 1);
}
