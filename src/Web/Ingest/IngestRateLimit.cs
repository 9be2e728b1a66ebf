namespace StreamAgg.Web.Ingest;

/// <summary>
/// A token bucket: <paramref name="RequestsPerSecond"/> sustained, up to <paramref name="Burst"/>
/// at once after a quiet spell. A request beyond it is answered 429 with <c>Retry-After</c>.
/// A rate under 1 is one request every 1/rate seconds.
/// </summary>
public sealed record IngestRateLimit(double RequestsPerSecond, int Burst)
{
    internal void EnsureValid(string name)
    {
        if (!(RequestsPerSecond > 0) || double.IsInfinity(RequestsPerSecond) || Burst < 1)
        {
            throw new ArgumentOutOfRangeException(name, $"{name}: requests per second and burst must be positive ({RequestsPerSecond}/s, burst {Burst}).");
        }
    }
}
