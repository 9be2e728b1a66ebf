using System.Text;
using StreamAgg.Core.Events;
using Xunit;

namespace StreamAgg.Core.Tests.Events;

public sealed class StableHash64Tests
{
    // Pinned values: the hash may be stored, so it must never change between versions.
    [Theory]
    [InlineData("", 0x8BEE7C2F02C8B5D5UL)]
    [InlineData("e1", 0xF3B58AF6CBA99522UL)]
    [InlineData("e738", 0x7251F7DEE4F2EBA8UL)]
    [InlineData("0123456789abcdef-event", 0x601341B9003FC337UL)]
    public void Compute_KnownInputs_PinnedValues(string input, ulong expected)
    {
        Assert.Equal(expected, StableHash64.Compute(Encoding.UTF8.GetBytes(input)));
    }

    [Fact]
    public void Compute_EveryLengthUpTo40_SameAsTheByteByByteDefinition()
    {
        var random = new Random(64);
        for (int length = 0; length <= 40; length++)
        {
            for (int round = 0; round < 20; round++)
            {
                byte[] input = new byte[length];
                random.NextBytes(input);
                Assert.Equal(Reference(input), StableHash64.Compute(input));
            }
        }
    }

    [Fact]
    public void Compute_MillionDistinctIds_NoCollision()
    {
        var seen = new HashSet<ulong>();
        for (int i = 0; i < 1_000_000; i++)
        {
            Assert.True(seen.Add(StableHash64.Compute(Encoding.ASCII.GetBytes("e" + i))), "collision at e" + i);
        }
    }

    [Fact]
    public void Compute_PrefixesAndZeroPadding_Differ()
    {
        // Same bytes except a trailing zero byte, or one byte longer: the length seeds the state.
        ulong[] hashes =
        [
            StableHash64.Compute([]),
            StableHash64.Compute([0]),
            StableHash64.Compute([0, 0]),
            StableHash64.Compute("abcdefgh"u8),
            StableHash64.Compute("abcdefgh\0"u8),
            StableHash64.Compute("abcdefg"u8),
        ];

        Assert.Equal(hashes.Length, hashes.Distinct().Count());
    }

    [Fact]
    public void Compute_OneBitFlipped_ChangesAboutHalfTheBits()
    {
        byte[] input = Encoding.ASCII.GetBytes("session-7f3a-event-000042");
        ulong original = StableHash64.Compute(input);
        int totalChanged = 0;
        for (int bit = 0; bit < input.Length * 8; bit++)
        {
            input[bit / 8] ^= (byte)(1 << (bit % 8));
            totalChanged += ulong.PopCount(original ^ StableHash64.Compute(input)) is var c ? (int)c : 0;
            input[bit / 8] ^= (byte)(1 << (bit % 8));
        }

        double average = totalChanged / (double)(input.Length * 8);
        Assert.InRange(average, 28.0, 36.0);
    }

    // The definition, as first written: whole words, then the tail byte by byte.
    private static ulong Reference(ReadOnlySpan<byte> data)
    {
        const ulong Golden = 0x9E3779B97F4A7C15;
        ulong h = 0x5374726561614167 ^ ((ulong)data.Length * Golden);
        while (data.Length >= 8)
        {
            h = ulong.RotateLeft((h ^ Fmix(System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(data))) * Golden, 29);
            data = data[8..];
        }

        ulong tail = 0;
        for (int i = data.Length - 1; i >= 0; i--)
        {
            tail = (tail << 8) | data[i];
        }

        return Fmix((h ^ Fmix(tail)) * Golden);
    }

    private static ulong Fmix(ulong x)
    {
        x ^= x >> 33;
        x *= 0xFF51AFD7ED558CCD;
        x ^= x >> 33;
        x *= 0xC4CEB9FE1A85EC53;
        x ^= x >> 33;
        return x;
    }
}
