using StreamAgg.Integration.Tests.Postgres;
using Xunit;
using Xunit.Abstractions;

namespace StreamAgg.Integration.Tests.Crash;

/// <summary>
/// Scale-out under crashes, with real OS processes: three processor instances share the input
/// partitions (cooperative-sticky); one dies for good mid-run and its partitions move, with their
/// state restored from the changelogs, to the other two; one of those is killed and restarted
/// later, and the sink once. PostgreSQL must then equal the batch aggregate of the same input.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ScaleOutCrashTests(PostgresFixture postgres, ITestOutputHelper output)
{
    private const int Events = 30_000;
    private const int Rounds = 6;

    [Fact]
    public async Task Pipeline_ThreeProcessorsOneKilledForGood_PostgresEqualsBatch()
    {
        await using var rig = await CrashRig.StartAsync(postgres, Events, output);
        await rig.RunAsync(async () =>
        {
            rig.StartSink();
            rig.StartProcessor("p1");
            rig.StartProcessor("p2");
            rig.StartProcessor("p3");
            for (var round = 0; round < Rounds; round++)
            {
                rig.PublishEvents(Events / Rounds);
                switch (round)
                {
                    case 1:
                        await rig.WaitForOutputProgressAsync(rig.Random.Next(1, 1500));
                        rig.Kill("processor-p3");
                        break;
                    case 3:
                        await rig.WaitForOutputProgressAsync(rig.Random.Next(1, 1500));
                        rig.Kill("processor-p1");
                        rig.StartProcessor("p1");
                        break;
                    case 4:
                        await rig.WaitForSinkProgressAsync(rig.Random.Next(1, 1500));
                        rig.Kill("sink");
                        rig.StartSink();
                        break;
                }
            }

            rig.PublishRestAndSentinels();
            await rig.DrainAsync();
            await rig.AssertMatchesBatchAsync();
        });
    }
}
