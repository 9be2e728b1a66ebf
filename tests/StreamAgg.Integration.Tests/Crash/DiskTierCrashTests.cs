using StreamAgg.Integration.Tests.Postgres;
using Xunit;
using Xunit.Abstractions;

namespace StreamAgg.Integration.Tests.Crash;

/// <summary>
/// Exactly-once with the disk tier, as real processes: a processor with <c>--state-cache-mb 0</c>
/// (every finished key leaves memory for its task's RocksDB store at each commit, and comes back
/// on its next event) is killed with SIGKILL while keys go out and come back, and stopped with
/// SIGTERM (a clean close: checkpoints, then a restart that restores only the changelog's tail);
/// PostgreSQL must still equal the batch aggregate of the same input.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class DiskTierCrashTests(PostgresFixture postgres, ITestOutputHelper output)
{
    private const int Events = 20_000;
    private const int Rounds = 4;

    [Fact]
    public async Task Pipeline_ZeroStateCacheProcessorKilledAndStopped_PostgresEqualsBatch()
    {
        var stateDirectory = Path.Combine(Path.GetTempPath(), "streamagg-crash-state", Guid.NewGuid().ToString("N"));
        string[] diskTier = ["--state-dir", stateDirectory, "--state-cache-mb", "0"];
        try
        {
            await using var rig = await CrashRig.StartAsync(postgres, Events, output);
            await rig.RunAsync(async () =>
            {
                rig.StartSink();
                rig.StartProcessor("p1", extra: diskTier);
                CliProcess? afterCleanStop = null;
                for (var round = 0; round < Rounds; round++)
                {
                    rig.PublishEvents(Events / Rounds);
                    await rig.WaitForOutputProgressAsync(rig.Random.Next(200, 1500));
                    if (round % 2 == 0)
                    {
                        // No checkpoint survives this: the restart wipes the store and restores it all.
                        rig.Kill("processor-p1");
                    }
                    else
                    {
                        Assert.Equal(0, await rig.TerminateAsync("processor-p1"));
                        Assert.NotEmpty(Directory.GetFiles(stateDirectory, ".checkpoint", SearchOption.AllDirectories));
                        Assert.NotEmpty(Directory.GetFiles(stateDirectory, "*.sst", SearchOption.AllDirectories));
                    }

                    var restarted = rig.StartProcessor("p1", extra: diskTier);
                    afterCleanStop = round % 2 == 1 ? restarted : afterCleanStop;
                }

                rig.PublishRestAndSentinels();
                await rig.DrainAsync();
                await rig.AssertMatchesBatchAsync();
                // The start after the clean stop trusted its checkpoints.
                Assert.True(afterCleanStop!.LogContains("the local store reflects the changelog up to"), afterCleanStop.Tail(30));
            });
        }
        finally
        {
            if (Directory.Exists(stateDirectory))
            {
                Directory.Delete(stateDirectory, recursive: true);
            }
        }
    }
}
