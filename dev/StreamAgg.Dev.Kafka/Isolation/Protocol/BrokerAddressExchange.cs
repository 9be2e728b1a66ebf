using System.Buffers.Binary;

namespace StreamAgg.Dev.Kafka.Isolation.Protocol;

// Metadata (versions 0 to 8) and FindCoordinator (versions 0 to 2) name brokers by host and port;
// the ports are swapped for those of the proxy's listeners in front of them, so clients never
// reach a broker around the proxy. Hosts stay (both listen on the same loopback address), so the
// frame is patched in place.
internal static class BrokerAddressExchange
{
    public const short MaxMetadataVersion = 8;
    public const short MaxFindCoordinatorVersion = 2;

    public static void OnMetadataResponse(Span<byte> frame, short version, Func<int, int?> proxyPortOf)
    {
        var reader = new WireReader(frame, RequestHeader.FrameStart + 4);
        if (version >= 3)
        {
            reader.ReadInt32();
        }

        var brokerCount = reader.ReadArrayCount();
        for (var b = 0; b < brokerCount; b++)
        {
            reader.ReadInt32();
            reader.SkipString();
            PatchPort(frame, ref reader, proxyPortOf);
            if (version >= 1)
            {
                reader.SkipString();
            }
        }
    }

    public static void OnFindCoordinatorResponse(Span<byte> frame, short version, Func<int, int?> proxyPortOf)
    {
        var reader = new WireReader(frame, RequestHeader.FrameStart + 4);
        if (version >= 1)
        {
            reader.ReadInt32();
        }

        reader.ReadInt16();
        if (version >= 1)
        {
            reader.SkipString();
        }

        reader.ReadInt32();
        reader.SkipString();
        PatchPort(frame, ref reader, proxyPortOf);
    }

    private static void PatchPort(Span<byte> frame, ref WireReader reader, Func<int, int?> proxyPortOf)
    {
        var position = reader.Position;
        if (proxyPortOf(reader.ReadInt32()) is { } proxyPort)
        {
            BinaryPrimitives.WriteInt32BigEndian(frame[position..], proxyPort);
        }
    }
}
