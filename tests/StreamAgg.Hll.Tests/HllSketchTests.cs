using System.Globalization;

namespace StreamAgg.Hll.Tests;

public sealed class HllSketchTests
{
    private static readonly HllSettings Default = HllSettings.Default;

    [Fact]
    public void ToHex_HllMdQuickValue_Matches()
    {
        var sketch = new HllSketch();
        sketch.Add(HllHash.Text("1"));
        sketch.Add(HllHash.Text("2"));

        Assert.Equal(@"\x128e7f497692bff289820e71fbbbfe8a7b7c71", sketch.ToHex());
    }

    [Fact]
    public void ToHex_NothingAdded_IsEmptyHeader()
    {
        var sketch = new HllSketch();

        Assert.True(sketch.IsEmpty);
        Assert.Equal(HllRepresentation.Empty, sketch.Representation);
        Assert.Equal(@"\x118e7f", sketch.ToHex());
        Assert.Equal(0.0, sketch.Cardinality());
    }

    [Fact]
    public void Add_SameHashTwice_CountsOnce()
    {
        var sketch = new HllSketch();
        sketch.Add(42);
        sketch.Add(42);

        Assert.Equal(1.0, sketch.Cardinality());
        Assert.Equal(3 + 8, sketch.SerializedLength);
    }

    [Fact]
    public void Add_1280Distinct_StaysExplicitAndExact()
    {
        HllSketch sketch = Users(1280);

        Assert.Equal(HllRepresentation.Explicit, sketch.Representation);
        Assert.Equal(1280.0, sketch.Cardinality());
    }

    [Fact]
    public void Add_1281stDistinct_ConvertsToSparseRegisters()
    {
        HllSketch sketch = Users(1280);
        sketch.Add(HllHash.Text("user1"));
        Assert.Equal(HllRepresentation.Explicit, sketch.Representation);

        sketch.Add(HllHash.Text("user1281"));

        Assert.Equal(HllRepresentation.Sparse, sketch.Representation);
    }

    [Fact]
    public void Representation_4311FilledRegisters_IsSparse_4312_IsFull()
    {
        // filled · (14 + 5) < 16384 · 5 holds up to 4311 filled registers: the cutoff counts
        // filled registers, not viewers (with real hashes it falls at 5017/5018 viewers).
        var sketch = new HllSketch();
        for (long index = 0; index < 4311; index++)
        {
            sketch.Add((1L << 14) | index);
        }

        Assert.Equal(HllRepresentation.Sparse, sketch.Representation);
        Assert.Equal(3 + ((4311 * 19) + 7) / 8, sketch.SerializedLength);

        sketch.Add((1L << 14) | 4311);

        Assert.Equal(HllRepresentation.Full, sketch.Representation);
        Assert.Equal(3 + 10240, sketch.SerializedLength);
    }

    [Fact]
    public void Representation_5017And5018Users_SparseThenFull()
    {
        Assert.Equal(HllRepresentation.Sparse, Users(5017).Representation);
        Assert.Equal(HllRepresentation.Full, Users(5018).Representation);
    }

    [Fact]
    public void Add_SparseOff_RegistersAreAlwaysFull()
    {
        var sketch = new HllSketch(new HllSettings(14, 5, -1, false));
        for (int i = 0; i <= 1280; i++)
        {
            sketch.Add(HllHash.Bigint(i));
        }

        Assert.Equal(HllRepresentation.Full, sketch.Representation);
    }

    [Fact]
    public void Add_ExplicitThresholdZero_GoesStraightToRegisters()
    {
        var sketch = new HllSketch(new HllSettings(12, 6, 0, true));
        sketch.Add(HllHash.Text("a"));

        Assert.Equal(HllRepresentation.Sparse, sketch.Representation);
    }

    [Fact]
    public void Add_HashWithNoBitsAboveIndex_LeavesRegistersUnchanged()
    {
        var sketch = new HllSketch(new HllSettings(14, 5, 0, true));
        sketch.Add(5); // index 5, remaining bits 0: rank 0 in postgresql-hll

        Assert.Equal(HllRepresentation.Sparse, sketch.Representation);
        Assert.Equal(3, sketch.SerializedLength);
    }

    [Fact]
    public void Add_RankAboveRegisterWidth_IsCapped()
    {
        var sketch = new HllSketch(new HllSettings(4, 2, 0, true));
        sketch.Add(1L << 40); // index 0, 36 trailing zeros: capped at 3

        // One sparse word: index 0 (4 bits) then value 3 (2 bits) = 000011, padded.
        Assert.Equal(@"\x132440" + "0c", sketch.ToHex());
    }

    [Theory]
    [InlineData(100_000)]
    [InlineData(1_000_000)]
    public void Cardinality_ManyDistinct_WithinThreeStandardErrors(int count)
    {
        HllSketch sketch = Users(count);

        double relativeError = Math.Abs(sketch.Cardinality() - count) / count;

        Assert.InRange(relativeError, 0, 3 * 1.04 / Math.Sqrt(16384));
    }

    [Fact]
    public void Add_FullSketchSteadyState_AllocatesNothing()
    {
        HllSketch sketch = Users(20_000);
        long[] hashes = Enumerable.Range(0, 100_000).Select(i => HllHash.Bigint(i)).ToArray();
        AddAll(sketch, hashes); // warm up (JIT tiers, statics)

        long before = GC.GetAllocatedBytesForCurrentThread();
        AddAll(sketch, hashes);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Add_SparseSketchSteadyState_AllocatesNothing()
    {
        HllSketch sketch = Users(2000);
        long[] hashes = Enumerable.Range(0, 2000).Select(i => HllHash.Text("user" + (i + 1).ToString(CultureInfo.InvariantCulture))).ToArray();
        AddAll(sketch, hashes);

        long before = GC.GetAllocatedBytesForCurrentThread();
        AddAll(sketch, hashes);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(HllRepresentation.Sparse, sketch.Representation);
    }

    [Fact]
    public void Add_ExplicitRepeatedHashes_AllocatesNothing()
    {
        HllSketch sketch = Users(1000);
        long[] hashes = Enumerable.Range(1, 1000).Select(i => HllHash.Text("user" + i.ToString(CultureInfo.InvariantCulture))).ToArray();
        AddAll(sketch, hashes);

        long before = GC.GetAllocatedBytesForCurrentThread();
        AddAll(sketch, hashes);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(HllRepresentation.Explicit, sketch.Representation);
    }

    [Fact]
    public void Clone_ThenAdd_LeavesOriginalUnchanged()
    {
        HllSketch original = Users(10);
        byte[] before = original.ToBytes();

        HllSketch copy = original.Clone();
        copy.Add(HllHash.Text("someone else"));

        Assert.Equal(before, original.ToBytes());
        Assert.Equal(11.0, copy.Cardinality());
    }

    [Fact]
    public void Cardinality_FourRegisters_ThrowsAsPostgresDoes()
    {
        var sketch = new HllSketch(new HllSettings(2, 5, 0, true));
        sketch.Add(HllHash.Text("a"));

        Assert.Throws<InvalidOperationException>(() => sketch.Cardinality());
    }

    internal static HllSketch Users(int count, HllSettings? settings = null)
    {
        var sketch = new HllSketch(settings ?? Default);
        for (int i = 1; i <= count; i++)
        {
            sketch.Add(HllHash.Text("user" + i.ToString(CultureInfo.InvariantCulture)));
        }

        return sketch;
    }

    private static void AddAll(HllSketch sketch, long[] hashes)
    {
        foreach (long hash in hashes)
        {
            sketch.Add(hash);
        }
    }
}
