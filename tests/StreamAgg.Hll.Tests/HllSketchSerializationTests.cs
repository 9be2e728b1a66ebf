using System.Buffers;

namespace StreamAgg.Hll.Tests;

public sealed class HllSketchSerializationTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(1280)]
    [InlineData(1281)]
    [InlineData(5018)]
    [InlineData(100_000)]
    public void FromBytes_OwnBytes_RoundTrips(int count)
    {
        HllSketch sketch = HllSketchTests.Users(count);
        byte[] bytes = sketch.ToBytes();

        HllSketch read = HllSketch.FromBytes(bytes);

        Assert.Equal(bytes, read.ToBytes());
        Assert.Equal(sketch.Representation, read.Representation);
        Assert.Equal(sketch.Cardinality(), read.Cardinality());
    }

    [Fact]
    public void WriteTo_BufferWriter_WritesSameBytesAsToBytes()
    {
        HllSketch sketch = HllSketchTests.Users(3000);
        var writer = new ArrayBufferWriter<byte>();

        sketch.WriteTo(writer);

        Assert.Equal(sketch.ToBytes(), writer.WrittenSpan.ToArray());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(1280)]
    public void WriteExplicit_SortedHashes_SameBytesAsSketchOfThem(int count)
    {
        var random = new Random(count);
        long[] hashes = [.. Enumerable.Range(0, count).Select(_ => random.NextInt64(long.MinValue, long.MaxValue)).Distinct().Order()];
        var sketch = new HllSketch();
        foreach (long hash in hashes.Reverse())
        {
            sketch.Add(hash);
        }

        var writer = new ArrayBufferWriter<byte>();
        HllSketch.WriteExplicit(hashes, HllSettings.Default, writer);

        Assert.Equal(HllRepresentation.Explicit, sketch.Representation);
        Assert.Equal(sketch.ToBytes(), writer.WrittenSpan.ToArray());
        Assert.Equal(HllSketch.ExplicitSerializedLength(hashes.Length), writer.WrittenCount);
    }

    [Fact]
    public void WriteExplicit_EmptyOverThresholdOrUnsorted_Throws()
    {
        var writer = new ArrayBufferWriter<byte>();

        Assert.Throws<ArgumentException>(() => HllSketch.WriteExplicit([], HllSettings.Default, writer));
        Assert.Throws<ArgumentException>(() => HllSketch.WriteExplicit(new long[1281].Select((_, i) => (long)i).ToArray(), HllSettings.Default, writer));
        Assert.Throws<ArgumentException>(() => HllSketch.WriteExplicit([2, 1], HllSettings.Default, writer));
        Assert.Throws<ArgumentException>(() => HllSketch.WriteExplicit([1, 1], HllSettings.Default, writer));
    }

    [Fact]
    public void WriteTo_SpanTooSmall_Throws()
    {
        HllSketch sketch = HllSketchTests.Users(3);

        Assert.Throws<ArgumentException>(() => sketch.WriteTo(new byte[sketch.SerializedLength - 1].AsSpan()));
    }

    [Fact]
    public void FromBytes_ExplicitWithNoHashes_IsKeptAsPostgresKeepsIt()
    {
        HllSketch sketch = HllSketch.FromHex(@"\x128e7f");

        Assert.False(sketch.IsEmpty);
        Assert.Equal(HllRepresentation.Explicit, sketch.Representation);
        Assert.Equal(@"\x128e7f", sketch.ToHex());
        sketch.Add(HllHash.Text("1"));
        sketch.Add(HllHash.Text("2"));
        Assert.Equal(@"\x128e7f497692bff289820e71fbbbfe8a7b7c71", sketch.ToHex());
    }

    [Fact]
    public void FromBytes_SparseWithRepeatedIndex_LaterWordWins()
    {
        // (4, 2): 6-bit words. Index 1 value 3, then index 1 value 1 -> register 1 = 1.
        // 000111 000101 + 4 pad bits -> 0001 1100 0101 0000 = 1c 50.
        HllSketch sketch = HllSketch.FromHex(@"\x1324401c50");

        Assert.Equal(@"\x13244014", sketch.ToHex());
    }

    [Theory]
    [InlineData("", "at least 3 header bytes")]
    [InlineData("118e", "at least 3 header bytes")]
    [InlineData("218e7f", "schema version 2")]
    [InlineData("108e7f", "UNDEFINED")]
    [InlineData("158e7f", "Unknown hll type 5")]
    [InlineData("118e7f00", "EMPTY hll is exactly 3 bytes")]
    [InlineData("128e7f0102", "whole number of 8-byte hashes")]
    [InlineData("128e7f00000000000000020000000000000001", "strictly ascending")]
    [InlineData("128e7f00000000000000010000000000000001", "strictly ascending")]
    [InlineData("148e7f00", "FULL hll body")]
    [InlineData("138e7f00", "Inconsistent padding")]
    [InlineData("12927f", "log2m 18")]
    [InlineData("12ee7f", "regwidth 8")]
    [InlineData("128e50", "expthresh code 16")]
    [InlineData("zz", "hex digits")]
    public void FromHex_InvalidValue_ThrowsHllFormatException(string hex, string expectedMessagePart)
    {
        HllFormatException error = Assert.Throws<HllFormatException>(() => HllSketch.FromHex(@"\x" + hex));

        Assert.Contains(expectedMessagePart, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromBytes_ExplicitInSignedOrder_AcceptsNegativeBeforePositive()
    {
        var sketch = new HllSketch();
        sketch.Add(5);
        sketch.Add(-5);

        Assert.Equal(@"\x128e7f" + "fffffffffffffffb" + "0000000000000005", sketch.ToHex());
        Assert.Equal(sketch.ToBytes(), HllSketch.FromBytes(sketch.ToBytes()).ToBytes());
    }
}
