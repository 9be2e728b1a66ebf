using System.Security.Cryptography;

namespace StreamAgg.Hll.Tests.Golden;

/// <summary>Compares this library with bytes, estimates and hashes computed by postgresql-hll 2.17.</summary>
public sealed class PostgresGoldenVectorTests
{
    public static TheoryData<string> SketchNames => new(GoldenVectors.Sketches.Select(s => s.Name));

    [Fact]
    public void GoldenFile_Loaded_HoldsEveryKindOfVector()
    {
        Assert.True(GoldenVectors.Sketches.Count >= 60);
        Assert.True(GoldenVectors.TextHashes.Count >= 50);
        Assert.True(GoldenVectors.BigintHashes.Count >= 7);
    }

    [Theory]
    [MemberData(nameof(SketchNames))]
    public void ToBytes_SameHashesAsPostgres_SameBytes(string name)
    {
        SketchVector vector = GoldenVectors.Sketch(name);

        byte[] bytes = GoldenVectors.Build(vector.Spec, vector.Settings).ToBytes();

        Assert.Equal(vector.Length, bytes.Length);
        if (vector.Hex is not null)
        {
            Assert.Equal(vector.Hex, Convert.ToHexStringLower(bytes));
        }

        Assert.Equal(vector.Sha256, Convert.ToHexStringLower(SHA256.HashData(bytes)));
    }

    [Theory]
    [MemberData(nameof(SketchNames))]
    public void Cardinality_SameHashesAsPostgres_SameEstimateToTheLastBit(string name)
    {
        SketchVector vector = GoldenVectors.Sketch(name);

        double estimate = GoldenVectors.Build(vector.Spec, vector.Settings).Cardinality();

        AssertSameDouble(vector.Cardinality, estimate);
    }

    [Theory]
    [MemberData(nameof(SketchNames))]
    public void FromBytes_PostgresBytes_RoundTripsUnchanged(string name)
    {
        SketchVector vector = GoldenVectors.Sketch(name);
        byte[] postgresBytes = GoldenVectors.Build(vector.Spec, vector.Settings).ToBytes();

        HllSketch read = HllSketch.FromBytes(postgresBytes);

        Assert.Equal(vector.Settings, read.Settings);
        Assert.Equal(postgresBytes, read.ToBytes());
        AssertSameDouble(vector.Cardinality, read.Cardinality());
    }

    [Fact]
    public void FromHex_PostgresText_RoundTripsUnchanged()
    {
        foreach (SketchVector vector in GoldenVectors.Sketches.Where(s => s.Hex is not null))
        {
            string text = @"\x" + vector.Hex;

            Assert.Equal(text, HllSketch.FromHex(text).ToHex());
        }
    }

    [Fact]
    public void Text_PostgresVectors_SameHash()
    {
        foreach ((byte[] utf8, long hash) in GoldenVectors.TextHashes)
        {
            Assert.Equal(hash, HllHash.Text(utf8));
            Assert.Equal(hash, HllHash.Text(System.Text.Encoding.UTF8.GetString(utf8)));
        }
    }

    [Fact]
    public void Bigint_PostgresVectors_SameHash()
    {
        foreach ((long value, long hash) in GoldenVectors.BigintHashes)
        {
            Assert.Equal(hash, HllHash.Bigint(value));
        }
    }

    // Bit-exact, except that every NaN is the same NaN (PostgreSQL prints them all as "NaN";
    // postgresql-hll returns one for wide registers, where its 2^L wraps around 64 bits).
    private static void AssertSameDouble(double expected, double actual)
    {
        if (double.IsNaN(expected))
        {
            Assert.True(double.IsNaN(actual), $"Expected NaN, got {actual:R}.");
            return;
        }

        Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(actual));
    }
}
