using System.Collections.Frozen;
using System.Security.Cryptography;

namespace StreamAgg.Web.Dashboard.Pages;

/// <summary>
/// The dashboard's files, embedded in this assembly (<c>Dashboard/wwwroot</c> and uPlot from npm,
/// see StreamAgg.Web.csproj), read once, with an ETag each.
/// </summary>
internal sealed class DashboardAssets
{
    private const string Prefix = "dashboard/";

    private static readonly FrozenDictionary<string, string> ContentTypes = new Dictionary<string, string>
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".svg"] = "image/svg+xml",
    }.ToFrozenDictionary();

    private readonly FrozenDictionary<string, DashboardAsset> _assets;

    public DashboardAssets()
    {
        var assembly = typeof(DashboardAssets).Assembly;
        var assets = new Dictionary<string, DashboardAsset>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var bytes = new MemoryStream();
            stream.CopyTo(bytes);
            var content = bytes.ToArray();
            var file = name[Prefix.Length..];
            var type = ContentTypes.GetValueOrDefault(Path.GetExtension(file), "application/octet-stream");
            assets[file] = new DashboardAsset(content, type, $"\"{Convert.ToHexStringLower(SHA256.HashData(content))[..16]}\"");
        }
        _assets = assets.ToFrozenDictionary(StringComparer.Ordinal);
    }

    public DashboardAsset? Find(string file) => _assets.GetValueOrDefault(file);

    public DashboardAsset Get(string file) =>
        Find(file) ?? throw new InvalidOperationException($"The dashboard asset {file} is not embedded in StreamAgg.Web.");
}

/// <summary>One embedded file.</summary>
internal sealed record DashboardAsset(byte[] Content, string ContentType, string ETag);
