using StreamAgg.Dev.Kafka.Isolation.Transactions;

namespace StreamAgg.Dev.Kafka.Isolation.Protocol;

// JoinGroup (versions 0 to 5, non-flexible): remembers each group's members per generation, for
// storing transactional offsets (see GroupMembership). Nothing is changed.
internal static class JoinGroupExchange
{
    public const short MaxVersion = 5;

    public static JoinGroupState OnRequest(ReadOnlySpan<byte> frame, int bodyOffset) => new(new WireReader(frame, bodyOffset).ReadString() ?? "");

    public static void OnResponse(ReadOnlySpan<byte> frame, short version, JoinGroupState state, GroupMembership membership)
    {
        var reader = new WireReader(frame, RequestHeader.FrameStart + 4);
        if (version >= 2)
        {
            reader.ReadInt32();
        }

        var error = reader.ReadInt16();
        var generation = reader.ReadInt32();
        reader.SkipString();
        reader.SkipString();
        var memberId = reader.ReadString();
        if (error == ErrorCodes.None && !string.IsNullOrEmpty(memberId))
        {
            membership.Joined(state.GroupId, generation, memberId);
        }
    }
}

internal sealed record JoinGroupState(string GroupId);
