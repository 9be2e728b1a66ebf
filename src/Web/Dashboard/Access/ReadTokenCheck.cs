using System.Security.Cryptography;
using System.Text;

namespace StreamAgg.Web.Dashboard.Access;

/// <summary>
/// Whether a request may read: a bearer token equal to the read token, or the session cookie the
/// login page set. Both comparisons take the same time whatever the candidate is (SHA-256 first,
/// so even the length of the token does not leak, then a fixed-time comparison).
/// </summary>
internal sealed class ReadTokenCheck
{
    /// <summary>The cookie the login page sets: HttpOnly, SameSite=Strict.</summary>
    public const string CookieName = "streamagg_session";

    private readonly byte[] _tokenHash;
    private readonly byte[] _sessionHash;

    public ReadTokenCheck(string readToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(readToken);
        _tokenHash = SHA256.HashData(Encoding.UTF8.GetBytes(readToken));
        // The cookie holds a value derived from the token, not the token itself: a cookie read off
        // a browser's disk cannot be replayed as a bearer token by another team's script.
        SessionValue = Convert.ToBase64String(
            HMACSHA256.HashData(Encoding.UTF8.GetBytes(readToken), "streamagg dashboard session v1"u8))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');
        _sessionHash = SHA256.HashData(Encoding.ASCII.GetBytes(SessionValue));
    }

    /// <summary>The session cookie's value.</summary>
    public string SessionValue { get; }

    /// <summary>Is <paramref name="candidate"/> the read token?</summary>
    public bool IsToken(string? candidate) => candidate is not null && Same(_tokenHash, candidate);

    /// <summary>Is <paramref name="candidate"/> the session cookie's value?</summary>
    public bool IsSession(string? candidate) => candidate is not null && Same(_sessionHash, candidate);

    private static bool Same(byte[] expectedHash, string candidate) =>
        CryptographicOperations.FixedTimeEquals(expectedHash, SHA256.HashData(Encoding.UTF8.GetBytes(candidate)));
}
