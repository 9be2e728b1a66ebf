using System.Text;
using StreamAgg.Core.Events;
using Xunit;

namespace StreamAgg.Core.Tests.Events;

public sealed class DeadLetterReasonsTests
{
    [Theory]
    [InlineData(DeadLetterReason.InvalidJson, "invalid_json")]
    [InlineData(DeadLetterReason.MissingField, "missing_field")]
    [InlineData(DeadLetterReason.UnknownEvent, "unknown_event")]
    [InlineData(DeadLetterReason.BadTimestamp, "bad_timestamp")]
    [InlineData(DeadLetterReason.BadPosition, "bad_position")]
    [InlineData(DeadLetterReason.BadField, "bad_field")]
    [InlineData(DeadLetterReason.Late, "late")]
    public void WireNames_EachReason_RoundTrip(DeadLetterReason reason, string wire)
    {
        Assert.Equal(wire, reason.ToWireName());
        Assert.Same(reason.ToWireName(), reason.ToWireName());
        Assert.Equal(wire, Encoding.UTF8.GetString(reason.ToUtf8WireName()));
        Assert.Equal(wire, reason.ToJsonEncodedText().Value);
        Assert.True(DeadLetterReasons.TryParse(Encoding.UTF8.GetBytes(wire), out DeadLetterReason fromBytes));
        Assert.True(DeadLetterReasons.TryParse(wire.AsSpan(), out DeadLetterReason fromChars));
        Assert.Equal(reason, fromBytes);
        Assert.Equal(reason, fromChars);
    }

    [Theory]
    [InlineData(DeadLetterReason.None)]
    [InlineData((DeadLetterReason)99)]
    public void ToWireName_NoneOrUndefined_Throws(DeadLetterReason reason)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => reason.ToWireName());
        Assert.Throws<ArgumentOutOfRangeException>(() => reason.ToUtf8WireName().Length);
    }

    [Theory]
    [InlineData("")]
    [InlineData("LATE")]
    [InlineData("none")]
    [InlineData("bad_field ")]
    public void TryParse_UnknownName_False(string wire)
    {
        Assert.False(DeadLetterReasons.TryParse(wire.AsSpan(), out DeadLetterReason reason));
        Assert.False(DeadLetterReasons.TryParse(Encoding.UTF8.GetBytes(wire), out _));
        Assert.Equal(DeadLetterReason.None, reason);
    }

    [Fact]
    public void ToWireName_Repeated_AllocatesNothing()
    {
        DeadLetterReason.Late.ToWireName();
        long before = GC.GetAllocatedBytesForCurrentThread();
        int total = 0;
        for (int i = 0; i < 1000; i++)
        {
            total += DeadLetterReason.BadField.ToWireName().Length + DeadLetterReason.Late.ToUtf8WireName().Length;
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(13000, total);
    }
}
