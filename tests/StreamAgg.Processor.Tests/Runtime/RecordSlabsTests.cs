using System.Runtime.InteropServices;
using StreamAgg.Processor.Runtime;

namespace StreamAgg.Processor.Tests.Runtime;

public sealed class RecordSlabsTests
{
    [Fact]
    public void Copy_ManyRecordsAcrossSlabs_EachStaysEqualToItsSource()
    {
        var slabs = new RecordSlabs(slabBytes: 1024);
        var sources = Enumerable.Range(0, 200).Select(i => Enumerable.Range(0, 1 + (i % 100)).Select(b => (byte)(b + i)).ToArray()).ToList();

        var copies = sources.Select(s => slabs.Copy(s)).ToList();
        foreach (byte[] source in sources)
        {
            Array.Fill(source, (byte)0xEE); // the client's array may be reused or dropped
        }

        for (int i = 0; i < copies.Count; i++)
        {
            Assert.Equal(Enumerable.Range(0, 1 + (i % 100)).Select(b => (byte)(b + i)), copies[i].ToArray());
        }
    }

    [Fact]
    public void Copy_SmallRecords_SharesOneArrayUntilItIsFull()
    {
        var slabs = new RecordSlabs(slabBytes: 1024);

        ReadOnlyMemory<byte> first = slabs.Copy(new byte[100]);
        ReadOnlyMemory<byte> second = slabs.Copy(new byte[100]);

        Assert.True(MemoryMarshal.TryGetArray(first, out ArraySegment<byte> a));
        Assert.True(MemoryMarshal.TryGetArray(second, out ArraySegment<byte> b));
        Assert.Same(a.Array, b.Array);
        Assert.Equal(100, b.Offset);
    }

    [Fact]
    public void Copy_LargeRecord_GetsItsOwnArray()
    {
        var slabs = new RecordSlabs(slabBytes: 1024);
        slabs.Copy(new byte[10]);

        ReadOnlyMemory<byte> large = slabs.Copy(new byte[500]);

        Assert.True(MemoryMarshal.TryGetArray(large, out ArraySegment<byte> segment));
        Assert.Equal(500, segment.Array!.Length);
    }
}
