using Npgsql;
using StreamAgg.Cli;
using StreamAgg.Cli.Commands;
using StreamAgg.Sink.Consuming;
using StreamAgg.Sink.Heatmap;
using StreamAgg.Sink.Writing;
using StreamAgg.Wire;

namespace StreamAgg.Dev.Cli.Demo;

/// <summary>The demo's two sinks: where they stored their positions, and how much they stored.</summary>
internal sealed class DrainedSinks(NpgsqlDataSource postgres, EngagementSink rows, HeatmapSink heatmap)
{
    private readonly EngagementRowWriter _rowPositions = new(postgres);
    private readonly HeatmapWriter _heatmapPositions = new(postgres);

    public long MessagesStored => rows.Statistics.MessagesStored + heatmap.Statistics.MessagesStored;

    public Task<IReadOnlyDictionary<int, long>> EngagementPositionsAsync(CancellationToken cancellation) =>
        _rowPositions.ReadPositionsAsync(TopicNames.Engagement, cancellation);

    public Task<IReadOnlyDictionary<int, long>> HeatmapPositionsAsync(CancellationToken cancellation) =>
        _heatmapPositions.ReadPositionsAsync(TopicNames.HeatmapDeltas, cancellation);
}
