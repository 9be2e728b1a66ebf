using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.ExceptionServices;
using Confluent.Kafka;

namespace StreamAgg.Processor.Runtime;

/// <summary>
/// Consumes the changelog partitions assigned to the restore consumer on a thread of its own, up to
/// the end of each, and hands the records to the restoring thread in batches: the client's work per
/// record (librdkafka's poll, the result objects, the copy into the slabs) then overlaps decoding and
/// storing instead of taking turns with it on one thread. At most <see cref="BatchCount"/> batches
/// are in flight, so a slow restoring thread holds the fetching one back (and librdkafka's own
/// queue limits then hold back the fetches).
/// </summary>
/// <remarks>
/// The consumer is used by the fetching thread only, from <see cref="Start"/> until
/// <see cref="Dispose"/> returns; tasks are touched by the restoring thread only. A failure on the
/// fetching thread is rethrown by <see cref="TryTake"/> on the restoring thread.
/// </remarks>
internal sealed class ChangelogFetcher : IDisposable
{
    private const int BatchSize = 1024;
    private const int BatchCount = 16;
    private static readonly TimeSpan PollTimeout = TimeSpan.FromMilliseconds(100);

    private readonly IConsumer<byte[], ReadOnlyMemory<byte>?> _consumer;
    private readonly int _partitions;
    private readonly BlockingCollection<FetchedBatch> _full = new(new ConcurrentQueue<FetchedBatch>());
    private readonly BlockingCollection<FetchedBatch> _free = new(new ConcurrentQueue<FetchedBatch>());
    private readonly CancellationTokenSource _stop;
    private readonly Thread _thread;
    private ExceptionDispatchInfo? _failure;
    private long _consuming;
    private long _waiting;
    private long _waits;
    private long _calls;
    private long _heldBack;

    private ChangelogFetcher(IConsumer<byte[], ReadOnlyMemory<byte>?> consumer, int partitions, CancellationToken cancellation)
    {
        _consumer = consumer;
        _partitions = partitions;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        for (var i = 0; i < BatchCount; i++)
        {
            _free.Add(new FetchedBatch(BatchSize));
        }

        _thread = new Thread(Fetch) { Name = "restore-fetch", IsBackground = true };
    }

    /// <summary>Starts reading the consumer's assignment until <paramref name="partitions"/> partitions have reached their end.</summary>
    public static ChangelogFetcher Start(IConsumer<byte[], ReadOnlyMemory<byte>?> consumer, int partitions, CancellationToken cancellation)
    {
        var fetcher = new ChangelogFetcher(consumer, partitions, cancellation);
        fetcher._thread.Start();
        return fetcher;
    }

    /// <summary>
    /// The next batch, in the order consumed (end-of-partition events included), waiting for one if
    /// needed; false once every partition has reached its end and every batch was taken. Give each
    /// batch back with <see cref="Return"/>.
    /// </summary>
    public bool TryTake(out FetchedBatch batch, CancellationToken cancellation)
    {
        if (_full.TryTake(out batch!, Timeout.Infinite, cancellation))
        {
            return true;
        }

        _failure?.Throw();
        cancellation.ThrowIfCancellationRequested();
        return false;
    }

    public void Return(FetchedBatch batch)
    {
        batch.Clear();
        _free.Add(batch);
    }

    /// <summary>Where the fetching thread's time went (in <c>Consume</c>, blocked there, held back by the restoring thread).</summary>
    public (TimeSpan Consuming, TimeSpan Waiting, long Waits, long Calls, TimeSpan HeldBack) Timings =>
        (RestoreTimings.Ticks(_consuming), RestoreTimings.Ticks(_waiting), _waits, _calls, RestoreTimings.Ticks(_heldBack));

    private void Fetch()
    {
        var token = _stop.Token;
        try
        {
            var batch = TakeFree(token);
            var ended = new HashSet<int>();
            while (ended.Count < _partitions)
            {
                token.ThrowIfCancellationRequested();
                var result = _consumer.Consume(TimeSpan.Zero);
                _calls++;
                if (result is null)
                {
                    // Nothing fetched is waiting: hand over what there is before blocking.
                    if (batch.Count > 0)
                    {
                        _full.Add(batch, token);
                        batch = TakeFree(token);
                    }

                    var before = Stopwatch.GetTimestamp();
                    result = _consumer.Consume(PollTimeout);
                    var took = Stopwatch.GetTimestamp() - before;
                    _calls++;
                    _consuming += took;
                    if (took >= RestoreTimings.WaitThresholdTicks)
                    {
                        _waits++;
                        _waiting += took;
                    }

                    if (result is null)
                    {
                        continue;
                    }
                }

                if (result.IsPartitionEOF)
                {
                    ended.Add(result.Partition.Value);
                }

                batch.Add(result);
                if (batch.IsFull)
                {
                    _full.Add(batch, token);
                    batch = TakeFree(token);
                }
            }

            if (batch.Count > 0)
            {
                _full.Add(batch, token);
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Stopped by Dispose or by the caller's cancellation, which the restoring thread observes itself.
        }
        catch (Exception e)
        {
            _failure = ExceptionDispatchInfo.Capture(e);
        }
        finally
        {
            _full.CompleteAdding();
        }
    }

    private FetchedBatch TakeFree(CancellationToken token)
    {
        if (_free.TryTake(out var batch))
        {
            return batch;
        }

        var before = Stopwatch.GetTimestamp();
        batch = _free.Take(token);
        _heldBack += Stopwatch.GetTimestamp() - before;
        return batch;
    }

    /// <summary>Stops the fetching thread and waits for it: the consumer is the caller's again.</summary>
    public void Dispose()
    {
        _stop.Cancel();
        _thread.Join();
        _stop.Dispose();
        _full.Dispose();
        _free.Dispose();
    }
}
