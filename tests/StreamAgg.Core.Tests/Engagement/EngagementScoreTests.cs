using StreamAgg.Core.Engagement;
using Xunit;

namespace StreamAgg.Core.Tests.Engagement;

public sealed class EngagementScoreTests
{
    [Theory]
    [InlineData(33.75, 33.8)]
    [InlineData(33.65, 33.7)]
    [InlineData(33.749, 33.7)]
    [InlineData(22.25, 22.3)]
    [InlineData(0.05, 0.1)]
    [InlineData(100, 100)]
    public void Round1_Midpoint_RoundsHalfAwayFromZero(double value, double expected)
    {
        Assert.Equal(expected, EngagementScore.Round1(value));
    }

    [Fact]
    public void Compute_AllCapped_Is100()
    {
        Assert.Equal(100, EngagementScore.Compute(uniqueSeconds: 400, maxPosition: 500, completionCount: 3, duration: 300));
    }

    [Fact]
    public void Compute_Parts_AreWeighted60_25_15()
    {
        // unique 40 %, maxPosition 40 %, no completion: 24 + 10.
        Assert.Equal(34.0, EngagementScore.Compute(120, 120, 0, 300));
        // scenario 03: unique 80/300, max 80/300: 16 + 6.666… = 22.666… → 22.7.
        Assert.Equal(22.7, EngagementScore.Compute(80, 80, 0, 300));
    }

    [Theory]
    [InlineData(75.0, "High")]
    [InlineData(74.9, "Medium")]
    [InlineData(50.0, "Medium")]
    [InlineData(49.9, "Low")]
    [InlineData(25.0, "Low")]
    [InlineData(24.9, "Minimal")]
    [InlineData(0.0, "Minimal")]
    public void Tier_Boundaries_AreInclusiveFromBelow(double score, string tier)
    {
        Assert.Equal(tier, EngagementScore.Tier(score));
    }

    [Fact]
    public void Tier_NoScore_IsUnknown()
    {
        Assert.Equal("Unknown", EngagementScore.Tier(null));
    }
}
