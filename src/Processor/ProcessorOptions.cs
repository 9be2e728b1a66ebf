using StreamAgg.Core.Engagement;

namespace StreamAgg.Processor;

/// <summary>Settings of one processor instance.</summary>
public sealed record ProcessorOptions
{
    /// <summary>Kafka bootstrap servers.</summary>
    public required string BootstrapServers { get; init; }

    /// <summary>
    /// Names the application: the consumer group, and the prefix of the transactional id.
    /// Every instance of one deployment uses the same value.
    /// </summary>
    public string ApplicationId { get; init; } = "streamagg-processor";

    /// <summary>
    /// Names this instance. It must be stable across restarts of the same instance, because the
    /// transactional id is built from it: a restarted instance then fences its dead predecessor
    /// and aborts its open transaction at once, instead of leaving read_committed readers stuck
    /// until the transaction times out.
    /// </summary>
    public string InstanceId { get; init; } = Environment.MachineName;

    /// <summary>How often outputs, changelog and offsets are committed (one transaction each).</summary>
    public TimeSpan CommitInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Exactly-once (default) or at-least-once.</summary>
    public ProcessingGuarantee Guarantee { get; init; } = ProcessingGuarantee.ExactlyOnce;

    /// <summary>At most this many records are taken in one poll phase before processing them.</summary>
    public int MaxPollRecords { get; init; } = 2000;

    /// <summary>How long one poll waits for the first record.</summary>
    public TimeSpan PollTimeout { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// The input is not keyed by userId (producers key by session, or not at all): re-key it by
    /// userId through the repartition topic first, so that every (user, video) is processed in
    /// one partition. Off for producers that honour the contract (key = userId).
    /// </summary>
    public bool RekeyInput { get; init; }

    /// <summary>The engagement rules (SEMANTICS.md §7).</summary>
    public EngagementOptions Engagement { get; init; } = EngagementOptions.Default;

    /// <summary>The default of <see cref="MaxClockSkew"/>: one hour.</summary>
    public static readonly TimeSpan DefaultMaxClockSkew = TimeSpan.FromHours(1);

    /// <summary>
    /// How far an event's time may be ahead of the timestamp of the Kafka record that carries it
    /// (SEMANTICS.md §1): an event further ahead is a <c>bad_timestamp</c> dead letter, so a
    /// device with a wrong clock cannot drag a partition's stream time into the future.
    /// </summary>
    public TimeSpan MaxClockSkew { get; init; } = DefaultMaxClockSkew;

    /// <summary>Salt secret for viewer hashes in heatmap sketches (SEMANTICS.md §6); null for none.</summary>
    public string? HeatmapSalt { get; init; }

    /// <summary>
    /// The consumer group session timeout: how long a dead instance keeps its partitions before
    /// the group moves them. Shorter moves them sooner; too short for the machine's pauses
    /// (garbage collection, a loaded host) makes live instances lose their partitions.
    /// </summary>
    public TimeSpan SessionTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Transaction timeout: how long a dead instance's open transaction may block readers.</summary>
    public TimeSpan TransactionTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Closes every open viewing session of a partition that has had no new input for this long on
    /// the wall clock (null: off). Without it an idle partition's sessions close once the wall
    /// clock passes their last event + the session timeout (SEMANTICS.md §3); with it, sooner: an
    /// operator replaying a finished day gets every session closed, and its last credits into the
    /// heatmap, this long after the replay ends. A newer event of a key still continues its
    /// session (the row is then corrected), as after any idle close.
    /// </summary>
    public TimeSpan? CloseIdleAfter { get; init; }

    /// <summary>The default of <see cref="StateCacheBytes"/>: 256 MiB.</summary>
    public const long DefaultStateCacheBytes = 256L << 20;

    /// <summary>
    /// Where each task keeps its state beyond memory (a RocksDB store per task, with a checkpoint
    /// after a clean close so the next start restores only the changelog's tail); null (the
    /// default) holds every key's state in memory and restores the whole changelog on every start.
    /// The changelog stays the source of truth: losing the folder costs a full restoration, never a row.
    /// </summary>
    public string? StateDirectory { get; init; }

    /// <summary>
    /// With <see cref="StateDirectory"/>: the heap bytes of key states the processor holds in
    /// memory, shared equally by the tasks it runs; finished keys beyond it live on disk. Keys with an open session always
    /// stay in memory, whatever the budget; 0 moves every finished key to disk at each commit.
    /// </summary>
    public long StateCacheBytes { get; init; } = DefaultStateCacheBytes;
}
