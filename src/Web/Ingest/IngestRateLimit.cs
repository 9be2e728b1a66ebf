namespace StreamAgg.Web.Ingest;

/// <summary>
/// A token bucket: <paramref name="RequestsPerSecond"/> sustained, up to <paramref name="Burst"/>
/// at once after a quiet spell. A request beyond it is answered 429 with <c>Retry-After</c>.
/// </summary>
public sealed record IngestRateLimit(int RequestsPerSecond, int Burst)
{
    internal void EnsureValid(string name)
    {
        if (RequestsPerSecond < 1 || Burst < 1)
        {
            throw new ArgumentOutOfRangeException(name, $"{name}: requests per second and burst must be at least 1 ({RequestsPerSecond}/s, burst {Burst}).");
        }
    }
}
