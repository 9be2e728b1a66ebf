using System.Security.Cryptography;
using System.Text;
using Confluent.Kafka;
using StreamAgg.Wire;

namespace StreamAgg.Web.Ingest;

/// <summary>
/// The write keys of the sites allowed to post events, each belonging to exactly one site.
/// A presented key is compared with every site's key in constant time: both are hashed with
/// SHA-256 first (so their lengths do not show either), and the comparison never stops early,
/// so the time an answer takes does not tell how much of a guess was right, or which site's it was.
/// </summary>
internal sealed class WriteKeys
{
    // A key longer than this is wrong without hashing it (bounds the work a request can cause).
    private const int MaxKeyChars = 256;

    private readonly Site[] _sites;

    public WriteKeys(IReadOnlyDictionary<string, string> keysBySite)
    {
        ArgumentNullException.ThrowIfNull(keysBySite);
        var sites = new List<Site>();
        foreach (var (name, key) in keysBySite)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(name);
            ArgumentException.ThrowIfNullOrWhiteSpace(key);
            if (key.Length > MaxKeyChars)
            {
                throw new ArgumentException($"The write key of site '{name}' is longer than {MaxKeyChars} characters.", nameof(keysBySite));
            }

            var hash = SHA256.HashData(Encoding.UTF8.GetBytes(key));
            if (sites.Any(s => s.KeyHash.AsSpan().SequenceEqual(hash)))
            {
                // A key must name one site: the site is what the key proves.
                throw new ArgumentException($"Site '{name}' has the same write key as another site.", nameof(keysBySite));
            }

            sites.Add(new Site(name, hash, new Headers { { MessageHeaders.IngestSite, Encoding.UTF8.GetBytes(name) } }));
        }

        _sites = [.. sites];
    }

    /// <summary>The site whose key <paramref name="presented"/> is, or null.</summary>
    public Site? Find(ReadOnlySpan<char> presented)
    {
        if (presented.IsEmpty || presented.Length > MaxKeyChars)
        {
            return null;
        }

        Span<byte> utf8 = stackalloc byte[MaxKeyChars * 3];
        int length = Encoding.UTF8.GetBytes(presented, utf8);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(utf8[..length], hash);
        Site? found = null;
        foreach (var site in _sites)
        {
            // No early exit: every site's key is compared, whichever matches.
            if (CryptographicOperations.FixedTimeEquals(hash, site.KeyHash))
            {
                found = site;
            }
        }

        return found;
    }

    /// <summary>
    /// A site: its name (as configured), its key's hash, and the Kafka headers every event it
    /// posts carries (built once and shared: the producer copies them and never changes them).
    /// </summary>
    internal sealed record Site(string Name, byte[] KeyHash, Headers KafkaHeaders);
}
