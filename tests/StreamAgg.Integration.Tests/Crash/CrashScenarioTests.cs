using StreamAgg.Integration.Tests.Postgres;
using Xunit;
using Xunit.Abstractions;

namespace StreamAgg.Integration.Tests.Crash;

/// <summary>
/// Exactly-once under crashes, with real OS processes: while a simulated workload flows,
/// processors and sinks are killed with SIGKILL at seeded random points and restarted; once the
/// input is closed and everything drained, PostgreSQL must equal the batch aggregate of the same
/// input, row for row and heatmap cell for heatmap cell.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class CrashScenarioTests(PostgresFixture postgres, ITestOutputHelper output)
{
    private const int Events = 30_000;
    private const int Rounds = 6;

    [Fact]
    public async Task Pipeline_ProcessorAndSinkKilledRepeatedly_PostgresEqualsBatch()
    {
        await using var rig = await CrashRig.StartAsync(postgres, Events, output);
        await rig.RunAsync(async () =>
        {
            rig.StartSink();
            rig.StartProcessor("p1");
            for (var round = 0; round < Rounds; round++)
            {
                rig.PublishEvents(Events / Rounds);
                if (round % 2 == 0)
                {
                    await rig.WaitForOutputProgressAsync(rig.Random.Next(1, 1500));
                    rig.Kill("processor-p1");
                    rig.StartProcessor("p1");
                }
                else
                {
                    await rig.WaitForSinkProgressAsync(rig.Random.Next(1, 1500));
                    rig.Kill("sink");
                    rig.StartSink();
                }
            }

            rig.PublishRestAndSentinels();
            await rig.DrainAsync();
            await rig.AssertMatchesBatchAsync();
        });
    }
}
