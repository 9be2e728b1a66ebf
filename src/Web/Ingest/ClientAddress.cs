using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace StreamAgg.Web.Ingest;

/// <summary>
/// A client address as a rate-limit partition: an IPv4 address, or the /64 prefix of an IPv6 one
/// (one subscriber usually holds a whole /64 and could rotate through it), without allocating.
/// </summary>
internal readonly record struct ClientAddress(ulong High, ulong Low)
{
    public static ClientAddress Of(IPAddress? address)
    {
        if (address is null)
        {
            return default;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        Span<byte> bytes = stackalloc byte[16];
        if (!address.TryWriteBytes(bytes, out int written))
        {
            return default;
        }

        return address.AddressFamily == AddressFamily.InterNetwork
            ? new ClientAddress(0, BinaryPrimitives.ReadUInt32BigEndian(bytes[..written]))
            : new ClientAddress(BinaryPrimitives.ReadUInt64BigEndian(bytes), ulong.MaxValue);
    }
}
