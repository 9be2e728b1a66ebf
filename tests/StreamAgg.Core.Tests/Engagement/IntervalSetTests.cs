using StreamAgg.Core.Engagement;
using Xunit;

namespace StreamAgg.Core.Tests.Engagement;

public sealed class IntervalSetTests
{
    [Fact]
    public void Add_DisjointIntervals_KeepsThemSorted()
    {
        var set = new IntervalSet();
        set.Add(50, 60);
        set.Add(0, 10);
        set.Add(20, 30);

        Assert.Equal([(0.0, 10.0), (20.0, 30.0), (50.0, 60.0)], Intervals(set));
        Assert.Equal(30, set.TotalLength);
    }

    [Fact]
    public void Add_TouchingInterval_Merges()
    {
        var set = new IntervalSet();
        set.Add(0, 10);
        set.Add(10, 20);

        Assert.Equal([(0.0, 20.0)], Intervals(set));
    }

    [Fact]
    public void Add_IntervalBridgingSeveral_MergesThemAll()
    {
        var set = new IntervalSet();
        set.Add(0, 10);
        set.Add(20, 30);
        set.Add(40, 50);
        set.Add(60, 70);
        set.Add(5, 45);

        Assert.Equal([(0.0, 50.0), (60.0, 70.0)], Intervals(set));
        Assert.Equal(60, set.TotalLength);
    }

    [Fact]
    public void Add_ContainedInterval_ChangesNothing()
    {
        var set = new IntervalSet();
        set.Add(0, 100);
        set.Add(10, 20);

        Assert.Equal([(0.0, 100.0)], Intervals(set));
        Assert.Equal(100, set.TotalLength);
    }

    [Fact]
    public void Add_EmptyOrInverted_IsIgnored()
    {
        var set = new IntervalSet();
        set.Add(5, 5);
        set.Add(7, 3);

        Assert.Equal(0, set.Count);
        Assert.Equal(0, set.TotalLength);
    }

    [Fact]
    public void Add_RandomIntervals_LengthMatchesBruteForce()
    {
        var random = new Random(1234);
        for (int round = 0; round < 50; round++)
        {
            var set = new IntervalSet();
            var covered = new bool[2000];
            for (int i = 0; i < 40; i++)
            {
                int a = random.Next(0, 1900);
                int b = a + random.Next(0, 100);
                set.Add(a, b);
                for (int s = a; s < b; s++)
                {
                    covered[s] = true;
                }
            }

            Assert.Equal(covered.Count(c => c), set.TotalLength, 9);
            List<(double Start, double End)> intervals = Intervals(set);
            for (int i = 1; i < intervals.Count; i++)
            {
                Assert.True(intervals[i - 1].End < intervals[i].Start, "intervals must be disjoint, non-touching and sorted");
            }
        }
    }

    [Fact]
    public void CopyFrom_CopiesExactly()
    {
        var source = new IntervalSet();
        source.Add(0, 10);
        source.Add(20, 30);
        source.Add(40, 50);
        var copy = new IntervalSet(1);
        copy.CopyFrom(source);
        source.Add(10, 20);

        Assert.Equal([(0.0, 10.0), (20.0, 30.0), (40.0, 50.0)], Intervals(copy));
        Assert.Equal(30, copy.TotalLength);
    }

    private static List<(double Start, double End)> Intervals(IntervalSet set) =>
        Enumerable.Range(0, set.Count).Select(i => (set.StartAt(i), set.EndAt(i))).ToList();
}
