using System.IO.Compression;
using System.Security.Cryptography;
using Microsoft.Net.Http.Headers;

namespace StreamAgg.Web.PlayerSdk;

/// <summary>
/// The player snippet as served: the embedded <c>streamagg.js</c>, its gzip form (compressed once,
/// at start) and an ETag, so that a site with millions of page views costs a 304 per cached player.
/// </summary>
internal sealed class PlayerScript
{
    private const string ResourceName = "StreamAgg.Web.PlayerSdk.streamagg.js";

    private PlayerScript(byte[] plain)
    {
        Plain = plain;
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            gzip.Write(plain);
        }

        Gzipped = compressed.ToArray();
        ETag = new EntityTagHeaderValue($"\"{Convert.ToHexStringLower(SHA256.HashData(plain).AsSpan(0, 12))}\"");
    }

    /// <summary>The snippet loaded from the assembly.</summary>
    public static PlayerScript Instance { get; } = Load();

    public byte[] Plain { get; }

    public byte[] Gzipped { get; }

    /// <summary>A strong ETag of the content: changes exactly when the snippet does.</summary>
    public EntityTagHeaderValue ETag { get; }

    private static PlayerScript Load()
    {
        using var stream = typeof(PlayerScript).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The assembly lacks the embedded resource {ResourceName}.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return new PlayerScript(buffer.ToArray());
    }
}
