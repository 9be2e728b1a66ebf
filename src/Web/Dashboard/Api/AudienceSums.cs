using Npgsql;

namespace StreamAgg.Web.Dashboard.Api;

/// <summary>Adds up the per-tier rows of the video page's audience statement into one <see cref="VideoAudience"/>.</summary>
internal sealed class AudienceSums
{
    private readonly Dictionary<string, long> _tiers = new(StringComparer.Ordinal);
    private long _viewers, _watching, _watchCount, _completionCount, _withDuration, _reached25, _reached50, _reached75, _completed;
    private double _watchSum, _completionSum;

    /// <summary>Adds one tier's row (the columns of <c>VideoPageQuery.AudienceSql</c>, in order).</summary>
    public void Add(NpgsqlDataReader row)
    {
        var viewers = row.GetInt64(1);
        _tiers[row.GetString(0)] = viewers;
        _viewers += viewers;
        _watching += row.GetInt64(2);
        _watchSum += row.IsDBNull(3) ? 0 : row.GetDouble(3);
        _watchCount += row.GetInt64(4);
        _completionSum += row.IsDBNull(5) ? 0 : row.GetDouble(5);
        _completionCount += row.GetInt64(6);
        _withDuration += row.GetInt64(7);
        _reached25 += row.GetInt64(8);
        _reached50 += row.GetInt64(9);
        _reached75 += row.GetInt64(10);
        _completed += row.GetInt64(11);
    }

    public VideoAudience ToAudience() => new(
        _viewers,
        _watching,
        Mean(_watchSum, _watchCount),
        Mean(_completionSum, _completionCount),
        new EngagementTiers(Tier("High"), Tier("Medium"), Tier("Low"), Tier("Minimal"), Tier("Unknown")),
        new CompletionFunnel(_withDuration, _reached25, _reached50, _reached75, _completed));

    private long Tier(string name) => _tiers.GetValueOrDefault(name);

    private static double? Mean(double sum, long count) => count == 0 ? null : Math.Round(sum / count, 2);
}
