using StreamAgg.Integration.Tests.Postgres;
using StreamAgg.Dev.Kafka.Isolation.Transactions;
using Xunit;
using Xunit.Abstractions;

namespace StreamAgg.Integration.Tests.Crash;

/// <summary>
/// A processor frozen (SIGSTOP) with a transaction open until the cluster times that transaction
/// out, aborts it and fences the producer, then thawed (SIGCONT): it replaces its producer,
/// restores its tasks and replays, in the same process, without exiting; PostgreSQL then equals
/// the batch aggregate of the same input, and no row version was committed twice.
/// </summary>
/// <remarks>
/// The embedded cluster's isolating proxy times transactions out (librdkafka's mock brokers do
/// not). The freeze ends when the proxy has fenced the frozen transaction: a condition, not a
/// duration. A freeze that happens to find no transaction open (the processor was between
/// commits) is thawed and tried again on the next chunk of input. The session timeout is longer
/// than the freeze, so the fencing is the only fault.
/// </remarks>
[Collection(PostgresCollection.Name)]
public sealed class TransactionTimeoutCrashTests(PostgresFixture postgres, ITestOutputHelper output)
{
    private const int Events = 12_000;
    private const int Chunk = 300;
    private const int MaxFreezes = 20;
    private const string TransactionalId = "streamagg-processor-p1";
    private static readonly TimeSpan OpenTransactionPatience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Process_FrozenPastTheTransactionTimeout_RecoversInProcessAndPostgresEqualsBatch()
    {
        await using var rig = await CrashRig.StartAsync(postgres, Events, output);
        await rig.RunAsync(async () =>
        {
            rig.StartSink();
            var processor = rig.StartProcessor("p1", sessionTimeoutMs: 15_000, transactionTimeoutMs: 3_000);
            rig.PublishEvents(Chunk);
            await rig.WaitForOutputProgressAsync(1);

            var fenced = false;
            for (var freeze = 1; freeze <= MaxFreezes && !fenced; freeze++)
            {
                rig.PublishEvents(Chunk);
                // Stop the processor inside a transaction: as soon as the proxy sees the chunk's
                // first outputs open one. The processor keeps it open only while it works through
                // the chunk (tens of milliseconds), so the condition is polled without pausing.
                WaitForOpenTransaction(rig);
                processor.Pause();
                // A request in flight when the signal landed may still end the transaction: wait
                // until the proxy either fenced the frozen transaction or saw it end.
                var open = rig.Cluster.Transactions.OpenTransactionOf(TransactionalId);
                if (open is { } frozen)
                {
                    await rig.WaitUntilAsync(
                        () => rig.Cluster.Transactions.IsFenced(frozen) || !rig.Cluster.Transactions.HasOpenTransaction(frozen),
                        "the frozen transaction to time out or end");
                    fenced = rig.Cluster.Transactions.IsFenced(frozen);
                }

                rig.Log($"freeze {freeze}: {(open is null ? "no transaction open" : fenced ? $"transaction of {open} timed out and fenced" : "the transaction ended")}; SIGCONT");
                processor.Resume();
                await rig.WaitForOutputProgressAsync(1);
            }

            Assert.True(fenced, $"no freeze of {MaxFreezes} caught the processor with a transaction open");
            rig.PublishRestAndSentinels();
            await rig.DrainAsync();

            Assert.False(processor.HasExited, "the processor exited");
            Assert.True(processor.LogContains("fenced after its transaction timed out"), "the processor never replaced its fenced producer");
            Assert.Empty(rig.RepeatedRowVersions());
            await rig.AssertMatchesBatchAsync();
        });
    }

    // Returns once the processor has a transaction open, or after a while without one (the
    // freeze then finds none and the next chunk tries again).
    private static void WaitForOpenTransaction(CrashRig rig)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (rig.Cluster.Transactions.OpenTransactionOf(TransactionalId) is null && clock.Elapsed < OpenTransactionPatience)
        {
            Thread.Yield();
        }
    }
}
