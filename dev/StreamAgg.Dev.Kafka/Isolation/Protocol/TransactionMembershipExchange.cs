using System.Buffers.Binary;
using StreamAgg.Dev.Kafka.Isolation.Transactions;

namespace StreamAgg.Dev.Kafka.Isolation.Protocol;

// AddPartitionsToTxn and AddOffsetsToTxn (versions 0 to 2, non-flexible): a fenced incarnation's
// request gets PRODUCER_FENCED in every error field of the response, as Kafka's transaction
// coordinator answers a zombie. Requests of live incarnations pass through.
internal static class TransactionMembershipExchange
{
    public const short MaxVersion = 2;

    // True when the request comes from a fenced incarnation. Both requests start with
    // transactional_id, producer_id, producer_epoch.
    public static bool IsFenced(ReadOnlySpan<byte> frame, int bodyOffset, TransactionCoordinator coordinator)
    {
        var reader = new WireReader(frame, bodyOffset);
        reader.SkipString();
        return coordinator.IsFenced(new ProducerKey(reader.ReadInt64(), reader.ReadInt16()));
    }

    public static void FenceAddPartitionsResponse(Span<byte> frame)
    {
        var reader = new WireReader(frame, RequestHeader.FrameStart + 4);
        reader.ReadInt32();
        var topicCount = reader.ReadArrayCount();
        for (var t = 0; t < topicCount; t++)
        {
            reader.SkipString();
            var partitionCount = reader.ReadArrayCount();
            for (var p = 0; p < partitionCount; p++)
            {
                reader.ReadInt32();
                BinaryPrimitives.WriteInt16BigEndian(frame[reader.Position..], ErrorCodes.ProducerFenced);
                reader.ReadInt16();
            }
        }
    }

    public static void FenceAddOffsetsResponse(Span<byte> frame) =>
        BinaryPrimitives.WriteInt16BigEndian(frame[(RequestHeader.FrameStart + 4 + 4)..], ErrorCodes.ProducerFenced);
}

// The marker state of a request whose response must say PRODUCER_FENCED.
internal sealed record FencedRequest
{
    public static readonly FencedRequest Instance = new();
}
