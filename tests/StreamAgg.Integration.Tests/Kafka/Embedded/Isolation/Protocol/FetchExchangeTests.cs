using System.Buffers.Binary;
using StreamAgg.Dev.Kafka;
using StreamAgg.Dev.Kafka.Isolation.Protocol;
using Xunit;

namespace StreamAgg.Integration.Tests.Kafka.Embedded.Isolation.Protocol;

public sealed class FetchExchangeTests
{
    // Where MaxWait sits in the frames built here: size, api key, version, correlation id,
    // client id "c" (2 + 1 bytes), replica id.
    private const int MaxWaitPosition = 4 + 2 + 2 + 4 + 3 + 4;

    [Fact]
    public void OnRequest_ClientWaitsLongerThanTheCap_BrokerIsAskedForTheCapAndTheHeldBackWaitKeepsTheClients()
    {
        var frame = FetchRequest(maxWaitMs: 500, readCommitted: true);

        var state = FetchExchange.OnRequest(frame, BodyOffset(frame), 11);

        Assert.Equal(FetchExchange.BrokerMaxWaitMs, BinaryPrimitives.ReadInt32BigEndian(frame.AsSpan(MaxWaitPosition)));
        Assert.Equal(500, state?.MaxWaitMs);
    }

    [Fact]
    public void OnRequest_ReadUncommittedLongWait_IsCappedWithoutState()
    {
        var frame = FetchRequest(maxWaitMs: 500, readCommitted: false);

        var state = FetchExchange.OnRequest(frame, BodyOffset(frame), 11);

        Assert.Equal(FetchExchange.BrokerMaxWaitMs, BinaryPrimitives.ReadInt32BigEndian(frame.AsSpan(MaxWaitPosition)));
        Assert.Null(state);
    }

    [Fact]
    public void OnRequest_WaitShorterThanTheCap_IsLeftAsItIs()
    {
        var frame = FetchRequest(maxWaitMs: 10, readCommitted: true);

        var state = FetchExchange.OnRequest(frame, BodyOffset(frame), 11);

        Assert.Equal(10, BinaryPrimitives.ReadInt32BigEndian(frame.AsSpan(MaxWaitPosition)));
        Assert.Equal(10, state?.MaxWaitMs);
    }

    private static int BodyOffset(byte[] frame) => RequestHeader.Read(frame).BodyOffset(frame, flexible: false);

    // A Fetch v11 request up to its isolation level, which is all OnRequest reads.
    private static byte[] FetchRequest(int maxWaitMs, bool readCommitted)
    {
        var frame = new byte[MaxWaitPosition + 4 + 4 + 4 + 1];
        var span = frame.AsSpan();
        BinaryPrimitives.WriteInt32BigEndian(span, frame.Length - 4);
        BinaryPrimitives.WriteInt16BigEndian(span[4..], (short)KafkaApiKey.Fetch);
        BinaryPrimitives.WriteInt16BigEndian(span[6..], 11);
        BinaryPrimitives.WriteInt32BigEndian(span[8..], 42);
        BinaryPrimitives.WriteInt16BigEndian(span[12..], 1);
        span[14] = (byte)'c';
        BinaryPrimitives.WriteInt32BigEndian(span[15..], -1);
        BinaryPrimitives.WriteInt32BigEndian(span[MaxWaitPosition..], maxWaitMs);
        BinaryPrimitives.WriteInt32BigEndian(span[(MaxWaitPosition + 4)..], 1);
        BinaryPrimitives.WriteInt32BigEndian(span[(MaxWaitPosition + 8)..], 52_428_800);
        span[MaxWaitPosition + 12] = (byte)(readCommitted ? 1 : 0);
        return frame;
    }
}
