using System.Net;
using System.Net.Sockets;
using StreamAgg.Dev.Kafka.Isolation.Protocol;
using StreamAgg.Dev.Kafka.Isolation.Transactions;

namespace StreamAgg.Dev.Kafka.Isolation.Proxy;

// Stores a committed transaction's group offsets in the group, the way the brokers behind know:
// an OffsetCommit (version 2) to the group's coordinator, carrying the generation and member id
// the TxnOffsetCommit carried, over connections of the proxy's own, straight to the brokers.
internal sealed class GroupOffsetStore(IReadOnlyList<IPEndPoint> brokers) : IDisposable
{
    private const short FindCoordinatorVersion = 1;
    private const short OffsetCommitVersion = 2;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private int _correlationId;

    // The first error the coordinator answered (0 when every offset was stored).
    public async Task<short> CommitAsync(GroupOffsets offsets, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var coordinator = await FindCoordinatorAsync(offsets.GroupId, cancellationToken).ConfigureAwait(false);
            using var writer = Request(KafkaApiKey.OffsetCommit, OffsetCommitVersion);
            writer.WriteString(offsets.GroupId);
            writer.WriteInt32(offsets.GenerationId);
            writer.WriteString(offsets.MemberId);
            writer.WriteInt64(-1); // retention: the broker's default
            var byTopic = offsets.Offsets.GroupBy(o => o.Partition.Topic).ToList();
            writer.WriteInt32(byTopic.Count);
            foreach (var topic in byTopic)
            {
                writer.WriteString(topic.Key);
                writer.WriteInt32(topic.Count());
                foreach (var offset in topic)
                {
                    writer.WriteInt32(offset.Partition.Partition);
                    writer.WriteInt64(offset.Offset);
                    writer.WriteString(offset.Metadata);
                }
            }

            var response = await ExchangeAsync(coordinator, writer, cancellationToken).ConfigureAwait(false);
            var reader = new WireReader(response, 4);
            var topicCount = reader.ReadArrayCount();
            for (var t = 0; t < topicCount; t++)
            {
                reader.SkipString();
                var partitionCount = reader.ReadArrayCount();
                for (var p = 0; p < partitionCount; p++)
                {
                    reader.ReadInt32();
                    var error = reader.ReadInt16();
                    if (error != ErrorCodes.None)
                    {
                        return error;
                    }
                }
            }

            return ErrorCodes.None;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private async Task<IPEndPoint> FindCoordinatorAsync(string groupId, CancellationToken cancellationToken)
    {
        using var writer = Request(KafkaApiKey.FindCoordinator, FindCoordinatorVersion);
        writer.WriteString(groupId);
        writer.WriteInt8(0); // key type: group
        Exception? last = null;
        foreach (var broker in brokers)
        {
            try
            {
                var response = await ExchangeAsync(broker, writer, cancellationToken).ConfigureAwait(false);
                var reader = new WireReader(response, 4);
                reader.ReadInt32();
                var error = reader.ReadInt16();
                reader.SkipString();
                reader.ReadInt32();
                var host = reader.ReadString();
                var port = reader.ReadInt32();
                if (error == ErrorCodes.None && host is not null)
                {
                    return new IPEndPoint(IPAddress.Parse(host), port);
                }

                last = new IOException($"FindCoordinator for group '{groupId}' answered error {error}");
            }
            catch (Exception e) when (e is IOException or SocketException or MalformedFrameException or FormatException)
            {
                last = e;
            }
        }

        throw new IOException($"no coordinator found for group '{groupId}'", last);
    }

    private WireWriter Request(KafkaApiKey apiKey, short version)
    {
        var writer = new WireWriter();
        writer.WriteInt16((short)apiKey);
        writer.WriteInt16(version);
        writer.WriteInt32(Interlocked.Increment(ref _correlationId));
        writer.WriteString("streamagg-isolating-proxy");
        return writer;
    }

    // One request on a connection of its own; returns the response body after the correlation id.
    private static async Task<byte[]> ExchangeAsync(IPEndPoint broker, WireWriter request, CancellationToken cancellationToken)
    {
        using var socket = new Socket(broker.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(broker, cancellationToken).ConfigureAwait(false);
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        await stream.WriteAsync(request.Frame(), cancellationToken).ConfigureAwait(false);
        var size = new byte[4];
        var frame = await Frame.ReadAsync(stream, size, cancellationToken).ConfigureAwait(false)
            ?? throw new IOException($"broker {broker} closed the connection without answering");
        try
        {
            return frame.Span[4..].ToArray();
        }
        finally
        {
            frame.Return();
        }
    }
}
