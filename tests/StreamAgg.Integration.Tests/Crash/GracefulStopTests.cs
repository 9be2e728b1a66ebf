using StreamAgg.Integration.Tests.Postgres;
using StreamAgg.Wire;
using Xunit;
using Xunit.Abstractions;

namespace StreamAgg.Integration.Tests.Crash;

/// <summary>
/// SIGTERM to <c>streamagg process</c> and <c>streamagg sink</c> as real processes, while events
/// flow: each commits what it has in hand, leaves the group and exits 0; the offsets it leaves
/// behind are exactly what it processed, so a restart reprocesses nothing.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class GracefulStopTests(PostgresFixture postgres, ITestOutputHelper output)
{
    private const int Events = 10_000;

    [Fact]
    public async Task ProcessAndSink_SigtermWhileEventsFlow_CommitEverythingProcessedAndRestartsReprocessNothing()
    {
        await using var rig = await CrashRig.StartAsync(postgres, Events, output);
        await rig.RunAsync(async () =>
        {
            rig.StartSink();
            rig.StartProcessor("p1");
            rig.PublishEvents(Events / 2);
            // While the processor still produces: the sink has a batch in hand more often than not.
            await rig.WaitForOutputProgressAsync(rig.Random.Next(200, 1000));
            await rig.WaitForSinkProgressAsync(rig.Random.Next(1, 1000));
            Assert.Equal(0, await rig.TerminateAsync("sink"));
            // The sink's positions live in PostgreSQL; the group's (for lag) must agree with them.
            var stored = await rig.SinkPositionsAsync();
            Assert.Equal(
                stored.Where(s => s.Key.Topic == TopicNames.Engagement).Select(s => (s.Key.Partition, s.Value)).Order(),
                rig.GroupOffsets("streamagg-engagement-sink", TopicNames.Engagement).Select(g => (g.Key, g.Value)).Order());
            Assert.Equal(
                stored.Where(s => s.Key.Topic == TopicNames.HeatmapDeltas).Select(s => (s.Key.Partition, s.Value)).Order(),
                rig.GroupOffsets("streamagg-heatmap-sink", TopicNames.HeatmapDeltas).Select(g => (g.Key, g.Value)).Order());

            await rig.WaitForOutputProgressAsync(rig.Random.Next(1, 1000));
            Assert.Equal(0, await rig.TerminateAsync("processor-p1"));
            // The group's offsets (repeated after each transaction) are the positions the
            // transactions themselves recorded: nothing processed is left uncommitted.
            var positions = rig.ChangelogPositions();
            Assert.NotEmpty(positions);
            Assert.Equal(positions.OrderBy(p => p.Key), rig.GroupOffsets(CrashRig.ProcessorGroup, TopicNames.PlayerEvents).OrderBy(p => p.Key));

            var restarted = rig.StartProcessor("p1");
            rig.StartSink();
            rig.PublishRestAndSentinels();
            await rig.DrainAsync();

            // The restart started from the group's offsets: it needed no correction from the changelog.
            Assert.False(restarted.LogContains("ahead of the group's offset"));
            Assert.Empty(rig.RepeatedRowVersions());
            await rig.AssertMatchesBatchAsync();
        });
    }
}
