namespace StreamAgg.Processor.Runtime;

/// <summary>What restoring one task found: how many changelog records, and the input position its state stands at (null when the changelog holds none).</summary>
internal readonly record struct ChangelogRestoration(long Records, long? Position);
