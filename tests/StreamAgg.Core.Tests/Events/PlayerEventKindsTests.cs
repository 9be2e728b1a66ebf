using System.Text;
using StreamAgg.Core.Events;
using Xunit;

namespace StreamAgg.Core.Tests.Events;

public sealed class PlayerEventKindsTests
{
    [Fact]
    public void WireNames_EveryKind_RoundTrip()
    {
        foreach (PlayerEventKind kind in Enum.GetValues<PlayerEventKind>())
        {
            string wire = kind.ToWireName();
            Assert.StartsWith("video_", wire);
            Assert.Equal(wire, Encoding.UTF8.GetString(kind.ToUtf8WireName()));
            Assert.True(PlayerEventKinds.TryParse(Encoding.UTF8.GetBytes(wire), out PlayerEventKind parsed));
            Assert.Equal(kind, parsed);
        }
    }

    [Theory]
    [InlineData("video_rewind")]
    [InlineData("Video_Play")]
    [InlineData("video_")]
    [InlineData("")]
    public void TryParse_UnknownName_False(string wire)
    {
        Assert.False(PlayerEventKinds.TryParse(Encoding.UTF8.GetBytes(wire), out _));
    }

    [Fact]
    public void ToWireName_Undefined_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ((PlayerEventKind)42).ToWireName());
    }
}
