using System.Buffers.Binary;
using StreamAgg.Dev.Kafka.Isolation.Transactions;

namespace StreamAgg.Dev.Kafka.Isolation.Protocol;

// Produce (versions 0 to 8, non-flexible). The request tells which producer incarnation opens a
// transaction in which partitions; the response tells at which offsets its batches landed. A
// fenced incarnation's request is neutralised before the broker sees it (partition index -1,
// which the broker refuses without appending) and answered with INVALID_PRODUCER_EPOCH, as a
// Kafka partition leader answers a zombie.
internal static class ProduceExchange
{
    public const short MaxVersion = 8;

    // State for the response, or null when the request holds no transactional batch.
    public static object? OnRequest(Span<byte> frame, int bodyOffset, short version, TransactionCoordinator coordinator, out bool expectsResponse)
    {
        var reader = new WireReader(frame, bodyOffset);
        if (version >= 3)
        {
            reader.SkipString();
        }

        expectsResponse = reader.ReadInt16() != 0; // acks=0 gets no response
        reader.ReadInt32();
        List<TransactionalAppend>? appends = null;
        List<(int Position, int Index)>? partitions = null;
        var producer = default(ProducerKey);
        var ordinal = 0;
        var topicCount = reader.ReadArrayCount();
        for (var t = 0; t < topicCount; t++)
        {
            var topicStart = reader.Position;
            reader.SkipString();
            string? topic = null;
            var partitionCount = reader.ReadArrayCount();
            for (var p = 0; p < partitionCount; p++)
            {
                var indexPosition = reader.Position;
                var index = reader.ReadInt32();
                var (recordsOffset, recordsLength) = reader.ReadBytesRange();
                ordinal++;
                if (!TryReadTransactionalSpan(frame.Slice(recordsOffset, recordsLength), out var batchProducer, out var offsetCount))
                {
                    continue;
                }

                producer = batchProducer;
                topic ??= new WireReader(frame, topicStart).ReadString() ?? "";
                appends ??= [];
                partitions ??= [];
                appends.Add(new TransactionalAppend(ordinal - 1, new PartitionKey(topic, index), offsetCount));
                partitions.Add((indexPosition, index));
            }
        }

        if (appends is null || partitions is null)
        {
            return null;
        }

        var fenced = coordinator.IsFenced(producer);
        foreach (var append in appends)
        {
            fenced = fenced || !coordinator.BeginAppend(producer, append.Partition);
        }

        if (fenced)
        {
            foreach (var (position, _) in partitions)
            {
                BinaryPrimitives.WriteInt32BigEndian(frame[position..], -1);
            }
        }

        return new ProduceState(producer, appends, fenced);
    }

    public static void OnResponse(Span<byte> frame, short version, ProduceState state, TransactionCoordinator coordinator)
    {
        var reader = new WireReader(frame, RequestHeader.FrameStart + 4);
        var ordinal = 0;
        var topicCount = reader.ReadArrayCount();
        for (var t = 0; t < topicCount; t++)
        {
            reader.SkipString();
            var partitionCount = reader.ReadArrayCount();
            for (var p = 0; p < partitionCount; p++)
            {
                var indexPosition = reader.Position;
                reader.ReadInt32();
                var errorPosition = reader.Position;
                var error = reader.ReadInt16();
                var baseOffset = reader.ReadInt64();
                if (version >= 2)
                {
                    reader.ReadInt64();
                }

                if (version >= 5)
                {
                    reader.ReadInt64();
                }

                if (version >= 8)
                {
                    var recordErrors = reader.ReadArrayCount();
                    for (var e = 0; e < recordErrors; e++)
                    {
                        reader.ReadInt32();
                        reader.SkipString();
                    }

                    reader.SkipString();
                }

                foreach (var append in state.Appends)
                {
                    if (append.Ordinal != ordinal)
                    {
                        continue;
                    }

                    if (state.Fenced)
                    {
                        BinaryPrimitives.WriteInt32BigEndian(frame[indexPosition..], append.Partition.Partition);
                        BinaryPrimitives.WriteInt16BigEndian(frame[errorPosition..], ErrorCodes.InvalidProducerEpoch);
                    }
                    else if (error == ErrorCodes.None && baseOffset >= 0)
                    {
                        coordinator.Appended(state.Producer, append.Partition, baseOffset, baseOffset + append.OffsetCount - 1);
                    }
                }

                ordinal++;
            }
        }
    }

    // True when the record set holds transactional batches; their producer and how many offsets
    // they take together (the broker assigns consecutive offsets to the batches of one request).
    private static bool TryReadTransactionalSpan(ReadOnlySpan<byte> records, out ProducerKey producer, out long offsetCount)
    {
        producer = default;
        offsetCount = 0;
        var transactional = false;
        while (RecordBatchHeader.TryRead(records, out var batch) && batch.TotalSize <= records.Length)
        {
            transactional |= batch.IsTransactional && !batch.IsControl;
            producer = new ProducerKey(batch.ProducerId, batch.ProducerEpoch);
            offsetCount += batch.LastOffsetDelta + 1L;
            records = records[batch.TotalSize..];
        }

        return transactional;
    }
}

// One partition's transactional batches in a Produce request; Ordinal is the partition's place
// among all the request's partitions, which the response lists in the same order.
internal readonly record struct TransactionalAppend(int Ordinal, PartitionKey Partition, long OffsetCount);

internal sealed record ProduceState(ProducerKey Producer, IReadOnlyList<TransactionalAppend> Appends, bool Fenced);
