using Confluent.Kafka;
using StreamAgg.Integration.Tests.Postgres;
using StreamAgg.Dev.Kafka;
using Xunit;
using Xunit.Abstractions;

namespace StreamAgg.Integration.Tests.Crash;

/// <summary>
/// Exactly-once under broker faults, with real OS processes: while a simulated workload flows,
/// the embedded cluster takes a broker down and back up, then fails requests on produce, fetch,
/// offset commits and the transaction's offset commit and end, retriable ones and ones a
/// transaction cannot survive. Clients retry, transactions abort and replay, a producer that
/// failed for good is replaced; once the input is closed and everything drained, PostgreSQL must
/// equal the batch aggregate of the same input, row for row and heatmap cell for heatmap cell.
/// </summary>
/// <remarks>
/// The cluster fails the next requests of a kind whoever sends them, the test's own publisher
/// included, and an event the publisher failed to write would be missing from the input batch
/// reads. So faults are injected right after a round of input is published (and flushed), while
/// the publisher is idle and the pipeline has that round to work through; the next round is
/// published only once the processor has committed the whole round, which takes produce requests
/// that succeed after the injection, and any injected error the pipeline did not take by then is
/// withdrawn first, so none is left for the publisher. (Waiting for the output to grow was not
/// enough: transaction markers, or records produced just before the injection, could grow it while
/// produce faults were still pending.)
/// </remarks>
[Collection(PostgresCollection.Name)]
public sealed class BrokerFaultCrashTests(PostgresFixture postgres, ITestOutputHelper output)
{
    private const int Events = 30_000;
    private const int Rounds = 6;

    // What the rig says when the pipeline stopped making progress (a liveness timeout, not a
    // wrong result).
    private const string NoProgress = "still waiting for the processors to commit all published input";

    [Fact]
    public async Task Pipeline_BrokerFaultsWhileEventsFlow_PostgresEqualsBatch()
    {
        try
        {
            await RunScenarioAsync();
        }
        catch (CrashScenarioException e) when (e.Message.Contains(NoProgress, StringComparison.Ordinal)
            && Environment.GetEnvironmentVariable("STREAMAGG_CRASH_SEED") is not { Length: > 0 })
        {
            // Known and open: with librdkafka 2.16 on the embedded cluster, a broker taken down
            // and up can leave the clients unable to reach the group coordinator behind it for
            // minutes (every connection reset at once), so some seeds stall. That is the mock's
            // liveness, not exactly-once: a stalled run never gets to compare results. One more
            // run with a new seed; a second stall, or any wrong result, fails the test.
            output.WriteLine($"first run stalled, retrying once with a new seed: {e.Message.Split('\n')[0]}");
            await RunScenarioAsync();
        }
    }

    private async Task RunScenarioAsync()
    {
        await using var rig = await CrashRig.StartAsync(postgres, Events, output);
        // A supervisor's job: a processor or sink that exits on its own is started again.
        rig.RestartWhenExited = true;
        await rig.RunAsync(async () =>
        {
            rig.StartSink();
            rig.StartProcessor("p1");
            for (var round = 0; round < Rounds; round++)
            {
                rig.PublishEvents(Events / Rounds);
                var injected = new List<KafkaApiKey>();
                switch (round)
                {
                    case 0:
                        var broker = rig.Random.Next(1, rig.Cluster.BrokerCount + 1);
                        await rig.WaitForOutputProgressAsync(rig.Random.Next(1, 1500));
                        rig.Log($"broker {broker} down");
                        rig.Cluster.SetBrokerDown(broker);
                        // The outage's length is an input of the scenario, not a wait for something.
                        await Task.Delay(TimeSpan.FromMilliseconds(rig.Random.Next(1_000, 4_000)));
                        rig.Cluster.SetBrokerUp(broker);
                        rig.Log($"broker {broker} up");
                        break;
                    case 1:
                        Push(rig, injected, KafkaApiKey.Produce, ErrorCode.NotLeaderForPartition, ErrorCode.RequestTimedOut, ErrorCode.NotEnoughReplicas);
                        Push(rig, injected, KafkaApiKey.Fetch, ErrorCode.NotLeaderForPartition, ErrorCode.UnknownTopicOrPart);
                        break;
                    case 2:
                        Push(rig, injected, KafkaApiKey.OffsetCommit, ErrorCode.GroupCoordinatorNotAvailable, ErrorCode.NotCoordinatorForGroup);
                        Push(rig, injected, KafkaApiKey.TxnOffsetCommit, ErrorCode.GroupCoordinatorNotAvailable, ErrorCode.NotCoordinatorForGroup);
                        break;
                    case 3:
                        Push(rig, injected, KafkaApiKey.EndTxn, ErrorCode.NotCoordinatorForGroup, ErrorCode.ConcurrentTransactions);
                        break;
                    case 4:
                        // Errors a transaction cannot survive: it aborts (the permanent produce
                        // error also costs the processor its producer, which it replaces), and the
                        // processor restores its tasks and replays from where their state stands.
                        Push(rig, injected, KafkaApiKey.Produce, ErrorCode.InvalidRecord);
                        Push(rig, injected, KafkaApiKey.TxnOffsetCommit, ErrorCode.UnknownMemberId);
                        break;
                    case 5:
                        Push(rig, injected, KafkaApiKey.Fetch, ErrorCode.Local_Transport);
                        Push(rig, injected, KafkaApiKey.Produce, ErrorCode.Local_Transport);
                        break;
                }

                await rig.WaitForProcessorsToCatchUpAsync();
                foreach (var api in injected.Distinct())
                {
                    rig.Cluster.ClearRequestErrors(api);
                }
            }

            rig.PublishRestAndSentinels();
            await rig.DrainAsync();
            await rig.AssertMatchesBatchAsync();
            rig.Log($"children restarted after exiting on their own: {rig.Restarts}; the processor replaced its producer: {rig.Running("processor-p1").LogContains("replacing it")}");
        });
    }

    private static void Push(CrashRig rig, List<KafkaApiKey> injected, KafkaApiKey api, params ErrorCode[] errors)
    {
        rig.Log($"{api}: next requests fail with {string.Join(", ", errors)}");
        rig.Cluster.PushRequestErrors(api, errors);
        injected.Add(api);
    }
}
