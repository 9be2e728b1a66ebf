using StreamAgg.Core.Engagement;
using Xunit;

namespace StreamAgg.Core.Tests.Engagement;

public sealed class SeenEventsTests
{
    [Fact]
    public void Remove_HalfOfManyColliding_RestStillFoundRemovedAddableAgain()
    {
        var random = new Random(7);
        var seen = new SeenEvents();
        // Few distinct home slots, so long probe runs wrap around and must be shifted back.
        ulong[] ids = Enumerable.Range(0, 500).Select(_ => (ulong)random.NextInt64(1, long.MaxValue) & 0xFFFF_0000_0000_00FFUL | 1).Distinct().ToArray();
        foreach (ulong id in ids)
        {
            Assert.True(seen.Add(id));
        }

        ulong[] removed = ids.Where((_, i) => i % 2 == 0).ToArray();
        foreach (ulong id in removed)
        {
            Assert.True(seen.Remove(id));
            Assert.False(seen.Remove(id));
        }

        Assert.Equal(ids.Length - removed.Length, seen.Count);
        Assert.All(ids.Where((_, i) => i % 2 == 1), id => Assert.False(seen.Add(id)));
        Assert.All(removed, id => Assert.True(seen.Add(id)));
    }
}
