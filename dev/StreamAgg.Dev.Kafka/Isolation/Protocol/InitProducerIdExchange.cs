using StreamAgg.Dev.Kafka.Isolation.Transactions;

namespace StreamAgg.Dev.Kafka.Isolation.Protocol;

// InitProducerId (versions 0 and 1): a transactional producer's new incarnation. The response's
// producer id and epoch register it for its transactional.id, which aborts the transaction the
// previous incarnation left open and fences that incarnation.
internal static class InitProducerIdExchange
{
    public const short MaxVersion = 1;

    public static InitProducerIdState? OnRequest(ReadOnlySpan<byte> frame, int bodyOffset)
    {
        var reader = new WireReader(frame, bodyOffset);
        var transactionalId = reader.ReadString();
        var timeoutMs = reader.ReadInt32();
        return string.IsNullOrEmpty(transactionalId) ? null : new InitProducerIdState(transactionalId, TimeSpan.FromMilliseconds(Math.Max(timeoutMs, 0)));
    }

    public static void OnResponse(ReadOnlySpan<byte> frame, InitProducerIdState state, TransactionCoordinator coordinator)
    {
        var reader = new WireReader(frame, RequestHeader.FrameStart + 4);
        reader.ReadInt32();
        var error = reader.ReadInt16();
        var producerId = reader.ReadInt64();
        var epoch = reader.ReadInt16();
        if (error == ErrorCodes.None && producerId >= 0)
        {
            coordinator.Registered(state.TransactionalId, new ProducerKey(producerId, epoch), state.Timeout);
        }
    }
}

internal sealed record InitProducerIdState(string TransactionalId, TimeSpan Timeout);
