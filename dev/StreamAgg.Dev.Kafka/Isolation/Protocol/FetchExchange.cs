using System.Buffers.Binary;
using StreamAgg.Dev.Kafka.Isolation.Transactions;

namespace StreamAgg.Dev.Kafka.Isolation.Protocol;

// Fetch (versions 4 to 11, non-flexible) at isolation level READ_COMMITTED: the response gets the
// last stable offset (the first offset of the partition's earliest open transaction, or the high
// watermark), loses the batches at or past it, and lists the aborted transactions whose batches
// it returns, so that the client skips them as it does on Kafka. READ_UNCOMMITTED passes through.
//
// The aborted list alone is enough for librdkafka (rdkafka_msgset_reader.c): a transactional
// batch of a listed producer at or past the listed first offset is skipped and the fetch position
// moves past it. Kafka also writes an abort marker after each aborted transaction, which pops the
// producer off the list so its later, committed batches show; the embedded brokers write no
// markers, so a response never carries a visible batch of a producer after an aborted batch of the
// same producer: it is cut before it and comes with the next fetch.
internal static class FetchExchange
{
    public const short MaxVersion = 11;
    private const sbyte ReadCommitted = 1;

    // How long the broker behind may hold a fetch that finds no records. librdkafka's mock broker
    // holds such a fetch for the client's whole fetch.wait.max.ms (500 ms by default) even when
    // records arrive meanwhile, where Kafka answers as soon as they do: a record produced just
    // after a reader's fetch reached the broker waited up to half a second for nothing, at every
    // hop of the pipeline. Asking the mock for at most this long instead bounds that wait, at the
    // price of an idle reader fetching again every this often rather than every 500 ms.
    public const int BrokerMaxWaitMs = 20;

    // Caps the request's MaxWait at BrokerMaxWaitMs, in place. State for the response of a
    // read_committed fetch (with the client's own MaxWait); null for any other.
    public static FetchState? OnRequest(Span<byte> frame, int bodyOffset, short version)
    {
        if (version < 4)
        {
            return null;
        }

        var reader = new WireReader(frame, bodyOffset);
        reader.ReadInt32();
        var maxWaitPosition = reader.Position;
        var maxWaitMs = reader.ReadInt32();
        reader.ReadInt32();
        reader.ReadInt32();
        var readCommitted = reader.ReadInt8() == ReadCommitted;
        if (maxWaitMs > BrokerMaxWaitMs)
        {
            BinaryPrimitives.WriteInt32BigEndian(frame[maxWaitPosition..], BrokerMaxWaitMs);
        }

        return readCommitted ? FetchState.For(maxWaitMs) : null;
    }

    public static FetchRewrite OnResponse(Span<byte> frame, short version, TransactionCoordinator coordinator)
    {
        var reader = new WireReader(frame, RequestHeader.FrameStart + 4);
        reader.ReadInt32(); // throttle time
        if (version >= 7)
        {
            reader.ReadInt16();
            reader.ReadInt32();
        }

        FrameSplice? splice = null;
        var heldBack = false;
        var hasRecords = false;
        var topicCount = reader.ReadArrayCount();
        for (var t = 0; t < topicCount; t++)
        {
            var known = TryFindTopic(reader.ReadStringBytes(), coordinator, out var topic);
            var partitionCount = reader.ReadArrayCount();
            for (var p = 0; p < partitionCount; p++)
            {
                var index = reader.ReadInt32();
                var error = reader.ReadInt16();
                var highWatermark = reader.ReadInt64();
                var lastStablePosition = reader.Position;
                var lastStable = reader.ReadInt64();
                if (version >= 5)
                {
                    reader.ReadInt64();
                }

                var abortedPosition = reader.Position;
                var abortedCount = reader.ReadArrayCount();
                reader.Skip(abortedCount * 16);
                var abortedLength = reader.Position - abortedPosition;
                if (version >= 11)
                {
                    reader.ReadInt32();
                }

                var recordsLengthPosition = reader.Position;
                var (recordsOffset, recordsLength) = reader.ReadBytesRange();
                var partition = known ? new PartitionKey(topic, index) : default;
                if (!known || error != ErrorCodes.None || highWatermark < 0 || !coordinator.HasTransactions(partition))
                {
                    hasRecords |= recordsLength > 0;
                    continue;
                }

                var stable = Math.Min(highWatermark, coordinator.FirstOpenOffset(partition));
                var records = frame.Slice(recordsOffset, recordsLength);
                var cut = FilterRecords(records, partition, coordinator, ref stable, out var aborted);
                heldBack |= stable < highWatermark;
                hasRecords |= cut > 0;
                if (stable != lastStable)
                {
                    BinaryPrimitives.WriteInt64BigEndian(frame[lastStablePosition..], stable);
                }

                if (aborted is not null)
                {
                    splice ??= new FrameSplice();
                    splice.Replace(abortedPosition, abortedLength, EncodeAborted(aborted));
                }

                if (cut < recordsLength)
                {
                    splice ??= new FrameSplice();
                    var length = new byte[4];
                    BinaryPrimitives.WriteInt32BigEndian(length, cut);
                    splice.Replace(recordsLengthPosition, 4, length);
                    splice.Replace(recordsOffset + cut, recordsLength - cut, []);
                }
            }
        }

        return new FetchRewrite(splice?.Apply(frame), heldBack, hasRecords);
    }

    // Topics without transactions (most fetches) are recognised without a string allocated.
    private static bool TryFindTopic(ReadOnlySpan<byte> utf8, TransactionCoordinator coordinator, out string topic)
    {
        Span<char> name = stackalloc char[256];
        if (utf8.Length > name.Length)
        {
            return coordinator.TryFindTransactionalTopic(System.Text.Encoding.UTF8.GetString(utf8), out topic);
        }

        var length = System.Text.Encoding.UTF8.GetChars(utf8, name);
        return coordinator.TryFindTransactionalTopic(name[..length], out topic);
    }

    // How many bytes of the record set a read_committed reader may get; lowers stable to the first
    // open transactional batch and collects the aborted transactions of the batches it keeps.
    private static int FilterRecords(
        ReadOnlySpan<byte> records, PartitionKey partition, TransactionCoordinator coordinator, ref long stable, out List<(long ProducerId, long FirstOffset)>? aborted)
    {
        aborted = null;
        var position = 0;
        while (RecordBatchHeader.TryRead(records[position..], out var batch) && batch.TotalSize <= records.Length - position)
        {
            if (batch.BaseOffset >= stable)
            {
                return position;
            }

            if (batch.IsTransactional && !batch.IsControl)
            {
                var fate = coordinator.Classify(partition, new ProducerKey(batch.ProducerId, batch.ProducerEpoch), batch.BaseOffset, out var abortedFirst);
                if (fate == BatchFate.Open)
                {
                    stable = Math.Min(stable, batch.BaseOffset);
                    return position;
                }

                var listed = IndexOf(aborted, batch.ProducerId);
                if (fate == BatchFate.Aborted && (listed < 0 || aborted![listed].FirstOffset != abortedFirst))
                {
                    if (listed >= 0)
                    {
                        return position; // a second aborted span of the producer: the next fetch
                    }

                    aborted ??= [];
                    aborted.Add((batch.ProducerId, abortedFirst));
                }
                else if (fate == BatchFate.Visible && listed >= 0)
                {
                    return position;
                }
            }

            position += batch.TotalSize;
        }

        // A trailing partial batch (a broker may cut the last batch at the size limit) stays: the
        // client never delivers a partial batch, it fetches it again from its start.
        return records.Length;
    }

    private static int IndexOf(List<(long ProducerId, long FirstOffset)>? aborted, long producerId)
    {
        for (var i = 0; aborted is not null && i < aborted.Count; i++)
        {
            if (aborted[i].ProducerId == producerId)
            {
                return i;
            }
        }

        return -1;
    }

    private static byte[] EncodeAborted(List<(long ProducerId, long FirstOffset)> aborted)
    {
        var bytes = new byte[4 + (aborted.Count * 16)];
        BinaryPrimitives.WriteInt32BigEndian(bytes, aborted.Count);
        for (var i = 0; i < aborted.Count; i++)
        {
            BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(4 + (i * 16)), aborted[i].ProducerId);
            BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(12 + (i * 16)), aborted[i].FirstOffset);
        }

        return bytes;
    }
}

// The state of a read_committed Fetch: how long the client lets the broker wait. Clients send the
// same few values over and over, so the instances are shared rather than allocated per request.
internal sealed record FetchState(int MaxWaitMs)
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<int, FetchState> Shared = new();

    public static FetchState For(int maxWaitMs) => Shared.GetOrAdd(Math.Clamp(maxWaitMs, 0, 60_000), wait => new FetchState(wait));
}

// A rewritten Fetch response (Rebuilt, or null when the frame was only patched in place), whether
// records were held back for an open transaction, and whether any records remain.
internal readonly record struct FetchRewrite(WireWriter? Rebuilt, bool HeldBack, bool HasRecords);
