using StreamAgg.Sink.Heatmap.Rollups;
using StreamAgg.Wire;

namespace StreamAgg.Sink.Heatmap;

/// <summary>How the heatmap sink consumes, batches and expires rows.</summary>
public sealed record HeatmapSinkOptions
{
    /// <summary>The topic of heatmap deltas.</summary>
    public string Topic { get; init; } = TopicNames.HeatmapDeltas;

    /// <summary>
    /// The Kafka consumer group: it only shares out partitions (and, with <see cref="CommitToKafka"/>,
    /// shows lag); where to resume is read from PostgreSQL.
    /// </summary>
    public string GroupId { get; init; } = "streamagg-heatmap-sink";

    /// <summary>The name this sink's positions and dead letters are stored under.</summary>
    public string ConsumerName { get; init; } = HeatmapWriter.DefaultConsumer;

    /// <summary>A batch is stored once it holds this many messages…</summary>
    public int MaxBatchMessages { get; init; } = 2_000;

    /// <summary>…or this many distinct (video, day, second) cells…</summary>
    public int MaxBatchCells { get; init; } = 50_000;

    /// <summary>…or once its first message is this old.</summary>
    public TimeSpan MaxBatchDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Which rows expire, and how often the sink deletes them.</summary>
    public HeatmapRetention Retention { get; init; } = new();

    /// <summary>The standard windows the sink precomputes beside its merges (<see cref="HeatmapWindowRefresher"/>).</summary>
    public HeatmapWindowOptions WindowRefresh { get; init; } = new();

    /// <summary>How often merged days are folded into the monthly rollup (<see cref="HeatmapMonthFolder"/>).</summary>
    public HeatmapFoldOptions MonthlyFold { get; init; } = new();

    /// <summary>How often the rollup blocks of changed days are rebuilt, for queries of any range (<see cref="HeatmapRollupBuilder"/>).</summary>
    public HeatmapRollupOptions Rollups { get; init; } = new();

    /// <summary>Also commit the stored positions to the consumer group, for lag monitoring.</summary>
    public bool CommitToKafka { get; init; } = true;

    /// <summary>The consumer group session timeout: how long a dead sink keeps its partitions.</summary>
    public TimeSpan SessionTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>First wait after a failed PostgreSQL write; doubles up to <see cref="RetryMaxDelay"/>.</summary>
    public TimeSpan RetryInitialDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Longest wait between retries of a failed PostgreSQL write.</summary>
    public TimeSpan RetryMaxDelay { get; init; } = TimeSpan.FromSeconds(10);
}
