using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace StreamAgg.Observability.Tests.Support;

internal static class LocalAddresses
{
    /// <summary>An IPv4 address of this machine that is not loopback (what another pod or host would connect to).</summary>
    public static IPAddress NonLoopbackIPv4() =>
        NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a))
        ?? throw new InvalidOperationException("this machine has no non-loopback IPv4 address to test binding against");
}
