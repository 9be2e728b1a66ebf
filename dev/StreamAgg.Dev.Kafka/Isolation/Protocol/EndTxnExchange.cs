using System.Buffers.Binary;
using StreamAgg.Dev.Kafka.Isolation.Transactions;

namespace StreamAgg.Dev.Kafka.Isolation.Protocol;

// EndTxn (versions 0 to 2, non-flexible): commit or abort. The transaction ends when the broker
// answers without error; a fenced incarnation gets PRODUCER_FENCED instead and ends nothing.
internal static class EndTxnExchange
{
    public const short MaxVersion = 2;
    private const int ErrorPosition = RequestHeader.FrameStart + 4 + 4;

    public static EndTxnState OnRequest(ReadOnlySpan<byte> frame, int bodyOffset, TransactionCoordinator coordinator)
    {
        var reader = new WireReader(frame, bodyOffset);
        reader.SkipString();
        var producer = new ProducerKey(reader.ReadInt64(), reader.ReadInt16());
        var commit = reader.ReadBoolean();
        return new EndTxnState(producer, commit, coordinator.IsFenced(producer));
    }

    // The group offsets to store before the client hears of the commit (none on abort or error).
    public static IReadOnlyList<GroupOffsets> OnResponse(Span<byte> frame, EndTxnState state, TransactionCoordinator coordinator)
    {
        if (state.Fenced)
        {
            BinaryPrimitives.WriteInt16BigEndian(frame[ErrorPosition..], ErrorCodes.ProducerFenced);
            return [];
        }

        var error = BinaryPrimitives.ReadInt16BigEndian(frame[ErrorPosition..]);
        return error == ErrorCodes.None ? coordinator.End(state.Producer, state.Commit) : [];
    }

    // The broker accepted the commit but its offsets could not be stored: the client learns it.
    public static void Fail(Span<byte> frame, short error) => BinaryPrimitives.WriteInt16BigEndian(frame[ErrorPosition..], error);
}

internal sealed record EndTxnState(ProducerKey Producer, bool Commit, bool Fenced);
