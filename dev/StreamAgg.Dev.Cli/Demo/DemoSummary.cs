using System.Text;
using Confluent.Kafka;
using Npgsql;
using StreamAgg.Cli;
using StreamAgg.Cli.Commands;
using StreamAgg.Cli.Reports;
using StreamAgg.Kafka.Clients;
using StreamAgg.Sink.Heatmap;
using StreamAgg.Sink.Reports;
using StreamAgg.Wire;

namespace StreamAgg.Dev.Cli.Demo;

/// <summary>The demo's closing summary, read from where the results live: PostgreSQL and the output topics.</summary>
internal sealed class DemoSummary(KafkaClientSettings kafka, NpgsqlDataSource postgres)
{
    public async Task PrintAsync(long eventsIn, TimeSpan elapsed, CancellationToken cancellation)
    {
        var reports = new EngagementReports(postgres);
        var rows = (long)(await postgres.CreateCommand("SELECT count(*) FROM engagement").ExecuteScalarAsync(cancellation))!;
        var deadLetters = CountDeadLetters();
        var top = await reports.TopVideosAsync(5, cancellation);
        var powerUsers = (long)(await postgres.CreateCommand("SELECT count(*) FROM report_power_users").ExecuteScalarAsync(cancellation))!;

        var text = new StringBuilder();
        text.AppendLine();
        text.AppendLine($"Summary ({elapsed.TotalSeconds:F0} s)");
        text.AppendLine($"  events in            {eventsIn,10:N0}");
        text.AppendLine($"  dead letters         {deadLetters.Values.Sum(),10:N0}  {string.Join(", ", deadLetters.OrderBy(d => d.Key).Select(d => $"{d.Key} {d.Value}"))}");
        text.AppendLine($"  engagement rows      {rows,10:N0}  (in PostgreSQL, one per user and video)");
        text.AppendLine($"  power users (High)   {powerUsers,10:N0}  (./streamagg report power-users)");
        text.AppendLine();
        text.AppendLine("Top videos by unique viewers");
        text.Append(ReportTables.TopVideos(top));
        if (top.Count > 0)
        {
            var video = top[0];
            text.AppendLine();
            var heatmap = new HeatmapQueries(postgres);
            var days = await heatmap.DaysAsync(video.VideoId, cancellation);
            var seconds = days is { } range ? await heatmap.SecondsAsync(video.VideoId, range.First, range.Last, cancellation) : [];
            text.AppendLine($"Unique viewers along {video.VideoId} ({video.VideoTitle ?? "no title"}), from PostgreSQL's sketches ({days?.First:yyyy-MM-dd} to {days?.Last:yyyy-MM-dd})");
            text.Append(TextHeatmap.Render(seconds));
            text.AppendLine("  (final credits only: viewing inside the allowed lateness of a still-open session is added when it closes)");
            text.AppendLine();
            text.AppendLine($"Where viewers of {video.VideoId} who never completed it stopped");
            text.Append(ReportTables.Dropoff(await reports.DropoffAsync(video.VideoId, cancellation)));
        }

        Console.Write(text.ToString());
    }

    private Dictionary<string, long> CountDeadLetters()
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        using var consumer = new ConsumerBuilder<byte[]?, byte[]?>(kafka.Consumer($"streamagg-demo-dead-letters-{Guid.NewGuid():N}", "streamagg-demo-summary")).Build();
        using var admin = new DependentAdminClientBuilder(consumer.Handle).Build();
        var assignment = admin.GetMetadata(TopicNames.DeadLetters, TimeSpan.FromSeconds(10)).Topics.Single().Partitions
            .Select(p => new TopicPartitionOffset(TopicNames.DeadLetters, p.PartitionId, Offset.Beginning)).ToList();
        consumer.Assign(assignment);
        var remaining = assignment.Count;
        while (remaining > 0 && consumer.Consume(TimeSpan.FromSeconds(5)) is { } result)
        {
            if (result.IsPartitionEOF)
            {
                remaining--;
                continue;
            }

            var reason = result.Message.Headers.TryGetLastBytes(MessageHeaders.DeadLetterReason, out var bytes) ? Encoding.UTF8.GetString(bytes) : "unknown";
            counts[reason] = counts.GetValueOrDefault(reason) + 1;
        }

        return counts;
    }

}
