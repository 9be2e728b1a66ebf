using System.Diagnostics;
using System.Globalization;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Npgsql;
using StreamAgg.Wire;
using StreamAgg.Core.Engagement;
using StreamAgg.Core.Events;
using StreamAgg.Dev.Kafka;
using StreamAgg.Kafka;
using StreamAgg.Dev.Postgres;
using StreamAgg.Processor;
using StreamAgg.Processor.Hosting;
using StreamAgg.Processor.Runtime;
using StreamAgg.Simulator;
using StreamAgg.Simulator.Workload;
using StreamAgg.Sink.Consuming;
using StreamAgg.Sink.Writing;

namespace StreamAgg.Bench.Pipeline;

/// <summary>The latency bench's reading side: rows from the <c>engagement</c> topic, and the sink's positions in PostgreSQL.</summary>
internal sealed partial class LatencyBench
{
    private void ReadRows(KafkaTarget kafka, CancellationToken stop)
    {
        var config = kafka.Settings.Consumer("streamagg-bench-latency-rows", "streamagg-bench-latency-rows", readCommitted: true);
        config.FetchWaitMaxMs = 10;
        using var consumer = new ConsumerBuilder<byte[], byte[]>(config).Build();
        consumer.Assign(BenchKafka.EndOffsets(kafka, TopicNames.Engagement).Keys.Select(p => new TopicPartitionOffset(p, Offset.Beginning)));
        while (!stop.IsCancellationRequested)
        {
            var result = consumer.Consume(TimeSpan.FromMilliseconds(100));
            if (result?.Message?.Value is not { } value || !EngagementKeyCodec.TryDecode(result.Message.Key, out var key))
            {
                continue;
            }

            var now = Stopwatch.GetTimestamp();
            var reflected = ReflectedEvents.Count(value);
            lock (_gate)
            {
                if (!_keys.TryGetValue(key, out var track))
                {
                    continue;
                }

                for (var n = track.SeenInKafka; n < Math.Min(reflected, track.Produced.Count); n++)
                {
                    _kafka.Add(track.Produced[n], now);
                }

                track.SeenInKafka = Math.Max(track.SeenInKafka, reflected);
                var partition = result.Partition.Value;
                if (StoredAt(partition, result.Offset.Value) is { } stored)
                {
                    // The sink stored it before this consumer saw it: readable there since that poll.
                    ReflectInPostgres(track, reflected, stored);
                }
                else
                {
                    if (!_awaitingPostgres.TryGetValue(partition, out var queue))
                    {
                        _awaitingPostgres.Add(partition, queue = new Queue<(long, KeyTrack, int)>());
                    }

                    queue.Enqueue((result.Offset.Value, track, reflected));
                }
            }
        }

        consumer.Close();
    }

    private async Task PollPostgresAsync(EngagementRowWriter positions, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var stored = await TryReadPositionsAsync(positions, stop);
            var now = Stopwatch.GetTimestamp();
            if (stored is not null)
            {
                lock (_gate)
                {
                    foreach (var (partition, next) in stored)
                    {
                        if (!_storedPositions.TryGetValue(partition, out var history))
                        {
                            _storedPositions.Add(partition, history = []);
                        }

                        if (history.Count == 0 || next > history[^1].Next)
                        {
                            history.Add((next, now));
                        }

                        if (!_awaitingPostgres.TryGetValue(partition, out var queue))
                        {
                            continue;
                        }

                        while (queue.TryPeek(out var row) && row.Offset < next)
                        {
                            queue.Dequeue();
                            ReflectInPostgres(row.Track, row.Count, now);
                        }
                    }
                }
            }

            await Task.Delay(PostgresPoll, stop).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>When the polls first saw <paramref name="offset"/> of <paramref name="partition"/> stored, if they have.</summary>
    private long? StoredAt(int partition, long offset)
    {
        if (!_storedPositions.TryGetValue(partition, out var history) || history.Count == 0 || history[^1].Next <= offset)
        {
            return null;
        }

        // The first stored position past the offset.
        int low = 0, high = history.Count - 1;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (history[middle].Next > offset)
            {
                high = middle;
            }
            else
            {
                low = middle + 1;
            }
        }

        return history[low].At;
    }

    private void ReflectInPostgres(KeyTrack track, int reflected, long now)
    {
        for (var n = track.SeenInPostgres; n < Math.Min(reflected, track.Produced.Count); n++)
        {
            _postgres.Add(track.Produced[n], now);
        }

        track.SeenInPostgres = Math.Max(track.SeenInPostgres, reflected);
    }

    private bool AllSeen()
    {
        lock (_gate)
        {
            return _kafka.Count >= _produced && _postgres.Count >= _produced;
        }
    }

    private static async Task<IReadOnlyDictionary<int, long>?> TryReadPositionsAsync(EngagementRowWriter positions, CancellationToken cancellation)
    {
        try
        {
            return await positions.ReadPositionsAsync(TopicNames.Engagement, cancellation);
        }
        catch (PostgresException)
        {
            return null; // the sink has not created its tables yet
        }
    }
}
