using StreamAgg.Hll;

namespace StreamAgg.Hll.Tests;

/// <summary>The estimate from a register sum must be the sketch's own, bit for bit.</summary>
public sealed class HllRegisterSumTests
{
    [Theory]
    [InlineData(14, 5, 1)]
    [InlineData(14, 5, 1500)]
    [InlineData(14, 5, 40_000)]
    [InlineData(11, 4, 300)]
    [InlineData(11, 4, 200_000)]
    [InlineData(4, 5, 3)]
    [InlineData(10, 1, 5000)]
    public void Estimate_TotalsOfTheRegistersHashesSet_SameBitsAsSketchCardinality(int log2m, int width, int elements)
    {
        var settings = new HllSettings(log2m, width, 0, sparseEnabled: true);
        var sketch = new HllSketch(settings);
        var registers = new int[settings.RegisterCount];
        var random = new Random(elements);
        for (int i = 0; i < elements; i++)
        {
            long hash = random.NextInt64(long.MinValue, long.MaxValue);
            sketch.Add(hash);
            if (HllRegisterSum.TryGetRegister(hash, settings, out int register, out int value))
            {
                registers[register] = Math.Max(registers[register], value);
            }
        }

        long sum = registers.Sum(r => HllRegisterSum.Term(r));
        int zeros = registers.Count(r => r == 0);

        Assert.Equal(
            BitConverter.DoubleToInt64Bits(sketch.Cardinality()),
            BitConverter.DoubleToInt64Bits(HllRegisterSum.Estimate(settings, sum, zeros)));
    }

    [Fact]
    public void TryGetRegister_HashWithNoBitsAboveTheIndex_SetsNone()
    {
        var settings = HllSettings.Default;

        Assert.False(HllRegisterSum.TryGetRegister(0x3FFF, settings, out int register, out _));
        Assert.Equal(0x3FFF, register);
        Assert.True(HllRegisterSum.TryGetRegister(0x4000 | 5, settings, out register, out int value));
        Assert.Equal((5, 1), (register, value));
        Assert.True(HllRegisterSum.TryGetRegister(long.MinValue, settings, out _, out value));
        Assert.Equal(31, value);
    }

    [Fact]
    public void Estimate_WideRegisters_Refused()
    {
        var settings = new HllSettings(14, 6, -1, sparseEnabled: true);

        Assert.False(HllRegisterSum.IsExact(settings));
        Assert.Throws<ArgumentException>(() => HllRegisterSum.Estimate(settings, 1, 0));
    }
}
