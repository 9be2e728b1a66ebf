using System.Security.Cryptography;

namespace StreamAgg.Dev.Cli.Demo;

/// <summary>
/// The demo's read token and write key: random for every run, printed once, never stored, so no
/// secret of the demo can end up in the repository or outlive the run.
/// </summary>
internal sealed record DemoSecrets(string ReadToken, string Site, string WriteKey)
{
    public const string DemoSite = "demo";

    public static DemoSecrets Generate() => new(RandomToken(), DemoSite, RandomToken());

    // 24 random bytes as URL-safe base64: 32 characters, usable in a header, a query or a cookie.
    private static string RandomToken() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_');
}
