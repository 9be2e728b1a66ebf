namespace StreamAgg.Processor.State;

/// <summary>
/// Where and how a task keeps its state beyond memory (the processor's <c>--state-dir</c> and
/// <c>--state-cache-mb</c>): the root folder, the names that make a task's folder its own, and the
/// budget of the states held in memory, shared by the tasks.
/// </summary>
internal sealed record LocalStateOptions(string Directory, string ApplicationId, string InstanceId, StateCacheBudget Cache);
