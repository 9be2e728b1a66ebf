using System.Globalization;
using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Logging.Abstractions;
using StreamAgg.Wire;
using StreamAgg.Core.Engagement;
using StreamAgg.Integration.Tests.Kafka;
using StreamAgg.Kafka.Clients;
using StreamAgg.Dev.Kafka;
using StreamAgg.Kafka.Topics;
using StreamAgg.Processor;
using StreamAgg.Processor.Hosting;
using StreamAgg.Testing.Scenarios;
using Xunit;

namespace StreamAgg.Integration.Tests.Processor;

/// <summary>
/// Issue 16 through the real wiring: the poison events (the play at 2147483640 s and its
/// heartbeat, a clock in the year 9999 or a day ahead, year 1, invalid UTF-8, deep nesting) on
/// the same partition as two ordinary viewers. The processor keeps running, each poison record is
/// one dead letter with its reason and the exact bytes received, the viewers' rows equal a run
/// without the poison (their sessions still open: stream time did not move), and a restart goes
/// on without replaying into a crash.
/// </summary>
public sealed class PoisonEventTests
{
    // One partition for everyone: the records all carry the same key.
    private static readonly byte[] PartitionKey = "ann"u8.ToArray();

    // Event times shortly before now, so that the records' timestamps (now) are later.
    private static readonly DateTimeOffset T0 = DateTimeOffset.UtcNow.AddMinutes(-20);

    private static byte[] Event(string user, string eventName, DateTimeOffset at, double position) =>
        Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $$"""{"userId":"{{user}}","videoId":"v1","eventName":"{{eventName}}","timestamp":{{at.ToUnixTimeMilliseconds()}},"currentTime":{{position}},"videoDuration":600}"""));

    private static List<byte[]> Viewing(string user, int offsetMs) =>
        Enumerable.Range(0, 6).Select(i => Event(user, i == 0 ? "video_play" : "video_heartbeat", T0.AddSeconds(10 * i).AddMilliseconds(offsetMs), 10 * i)).ToList();

    private static readonly (string Reason, byte[] Value)[] Poison =
    [
        ("bad_position", Event("mallory", "video_play", T0.AddSeconds(30), 2147483640)),
        ("bad_position", Event("mallory", "video_heartbeat", T0.AddSeconds(40), 2147483650)),
        ("bad_timestamp", "{\"userId\":\"mallory\",\"videoId\":\"v1\",\"eventName\":\"video_play\",\"timestamp\":\"9999-12-31T23:59:59Z\",\"currentTime\":0}"u8.ToArray()),
        ("bad_timestamp", Event("mallory", "video_play", DateTimeOffset.UtcNow.AddDays(1), 0)),
        ("bad_timestamp", "{\"userId\":\"mallory\",\"videoId\":\"v1\",\"eventName\":\"video_play\",\"timestamp\":\"0001-01-01T00:00:00Z\",\"currentTime\":0}"u8.ToArray()),
        ("invalid_json", [.. "{\"userId\":\"mal"u8, 0xFF, 0xFE, .. "lory\",\"videoId\":\"v1\",\"eventName\":\"video_play\",\"timestamp\":1795168800000,\"currentTime\":0}"u8]),
        ("invalid_json", [.. "{\"userId\":\"mallory\",\"x\":"u8, .. Enumerable.Repeat((byte)'[', 100), .. Enumerable.Repeat((byte)']', 100), (byte)'}']),
    ];

    [Fact]
    public async Task Run_PoisonOnTheSamePartition_DeadLettersExactBytesOthersUntouchedRestartGoesOn()
    {
        List<byte[]> ann = Viewing("ann", 0), bob = Viewing("bob", 1);
        List<byte[]> clean = [.. ann.Zip(bob).SelectMany(p => new[] { p.First, p.Second })];
        List<byte[]> poisoned = [.. clean.Take(6), .. Poison.Select(p => p.Value), .. clean.Skip(6)];

        Dictionary<EngagementKey, EngagementRow> expected;
        using (var cleanCluster = EmbeddedKafkaCluster.Start(TopicCatalog.Load()))
        {
            var cleanSettings = new KafkaClientSettings(cleanCluster.BootstrapServers);
            Produce(cleanSettings, clean);
            using var cleanRows = ScenarioPipeline.CommittedReader(cleanSettings, TopicNames.Engagement);
            expected = [];
            var cleanExpected = expected;
            await RunUntilAsync(cleanCluster, () => ReadRows(cleanRows, cleanExpected, clean.Count), () => Describe(cleanExpected));
        }

        using var cluster = EmbeddedKafkaCluster.Start(TopicCatalog.Load());
        var settings = new KafkaClientSettings(cluster.BootstrapServers);
        Produce(settings, poisoned);
        using var rowReader = ScenarioPipeline.CommittedReader(settings, TopicNames.Engagement);
        using var deadLetterReader = ScenarioPipeline.CommittedReader(settings, TopicNames.DeadLetters);
        var rows = new Dictionary<EngagementKey, EngagementRow>();
        var deadLetters = new List<(string Reason, byte[] Raw)>();
        await RunUntilAsync(cluster, () =>
        {
            ReadDeadLetters(deadLetterReader, deadLetters);
            return ReadRows(rowReader, rows, clean.Count) && deadLetters.Count >= Poison.Length;
        }, () => $"{Describe(rows)}; dead letters: {string.Join(", ", deadLetters.Select(d => d.Reason))}");

        Assert.Equal(Poison.Select(p => p.Reason), deadLetters.Select(d => d.Reason));
        Assert.Equal(Poison.Select(p => p.Value), deadLetters.Select(d => d.Raw));
        Assert.Equal("", RowComparison.Report(expected.Values, rows.Values));
        Assert.All(rows.Values, r => Assert.Equal(expected[new EngagementKey(r.UserId, r.VideoId)].Version, r.Version));
        Assert.All(rows.Values, r => Assert.True(r.ActiveSession, $"{r.UserId}'s session was closed"));

        // A restart resumes after the poison: it is not read again, and bob's next event applies.
        Produce(settings, [Event("bob", "video_heartbeat", T0.AddSeconds(60), 60)]);
        var bobKey = new EngagementKey("bob", "v1");
        long bobVersion = rows[bobKey].Version;
        await RunUntilAsync(cluster, () =>
        {
            ReadDeadLetters(deadLetterReader, deadLetters);
            ReadRows(rowReader, rows, 0);
            return rows[bobKey].Version > bobVersion;
        }, () => Describe(rows));
        Assert.Equal(Poison.Length, deadLetters.Count);
        Assert.Equal(60, rows[bobKey].MaxPositionReached);
    }

    private static void Produce(KafkaClientSettings settings, IEnumerable<byte[]> values)
    {
        using var producer = new ProducerBuilder<byte[], byte[]>(settings.Producer("poison-publisher")).Build();
        foreach (byte[] value in values)
        {
            producer.Produce(TopicNames.PlayerEvents, new Message<byte[], byte[]> { Key = PartitionKey, Value = value });
        }

        producer.Flush(TimeSpan.FromSeconds(30));
    }

    /// <summary>Reads rows; true once ann's and bob's rows carry all their events (<paramref name="events"/> between them).</summary>
    private static bool ReadRows(IConsumer<byte[]?, byte[]?> reader, Dictionary<EngagementKey, EngagementRow> rows, int events)
    {
        ScenarioPipeline.ReadRows(reader, rows);
        return rows.Count == 2 && rows.Values.Sum(r => r.EventsApplied) >= events;
    }

    private static void ReadDeadLetters(IConsumer<byte[]?, byte[]?> reader, List<(string Reason, byte[] Raw)> deadLetters)
    {
        while (reader.Consume(TimeSpan.FromMilliseconds(100)) is { IsPartitionEOF: false } result)
        {
            string reason = result.Message.Headers.TryGetLastBytes(MessageHeaders.DeadLetterReason, out byte[] bytes) ? Encoding.UTF8.GetString(bytes) : "";
            deadLetters.Add((reason, result.Message.Value ?? []));
        }
    }

    private static string Describe(Dictionary<EngagementKey, EngagementRow> rows) =>
        "rows: " + string.Join(", ", rows.Values.Select(r => $"{r.UserId} {r.EventsApplied} events v{r.Version}"));

    private static async Task RunUntilAsync(EmbeddedKafkaCluster cluster, Func<bool> condition, Func<string> describe)
    {
        using var stop = new CancellationTokenSource();
        var processor = new EngagementProcessor(
            new ProcessorOptions
            {
                BootstrapServers = cluster.BootstrapServers,
                ApplicationId = "poison-test",
                InstanceId = "poison",
                CommitInterval = TimeSpan.FromMilliseconds(100),
                SessionTimeout = TimeSpan.FromSeconds(3),
            },
            NullLoggerFactory.Instance);
        var running = processor.RunAsync(stop.Token);
        KafkaRecords.PollUntil(() => condition() || running.IsCompleted, () => { });
        Assert.False(running.IsCompleted, "the processor stopped");
        stop.Cancel();
        await running;
        Assert.True(condition(), $"the processor's output did not arrive; {describe()}");
    }
}
