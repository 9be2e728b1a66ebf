namespace StreamAgg.Hll.Tests;

/// <summary>
/// The running union, fed through sketch sequences, against <see cref="HllSketch.UnionWith"/> of the
/// same sketches at every step (whose bytes and estimates are checked against postgresql-hll in the
/// integration tests): members that shrink and grow, switch between EXPLICIT and registers, and
/// skip steps.
/// </summary>
public sealed class HllRunningUnionTests
{
    [Theory]
    [InlineData(1, 7)]
    [InlineData(3, 11)]
    [InlineData(6, 5)]
    public void Replay_ChangingMembers_CardinalityEqualsTheUnionOfTheirSketches(int members, int seed)
    {
        var random = new Random(seed);
        const int steps = 40;
        // Per member and step: null (absent) or a sketch of a random slice of a shared audience.
        var sketches = new HllSketch?[members, steps];
        for (int m = 0; m < members; m++)
        {
            int size = random.Next(1, 4000);
            for (int s = 0; s < steps; s++)
            {
                if (random.Next(8) == 0)
                {
                    continue;
                }

                // Mostly shrinking like a real audience, sometimes jumping across the explicit threshold.
                size = random.Next(6) == 0 ? random.Next(1, 6000) : Math.Max(1, size - random.Next(0, 200));
                int start = random.Next(0, 3000);
                var sketch = new HllSketch();
                for (int u = start; u < start + size; u++)
                {
                    sketch.Add(HllHash.Text("user" + u));
                }

                sketches[m, s] = sketch;
            }
        }

        var readers = new HllSequenceReader[members];
        for (int m = 0; m < members; m++)
        {
            var writer = new HllSequenceWriter(HllSettings.Default);
            for (int s = 0; s < steps; s++)
            {
                if (sketches[m, s] is { } sketch)
                {
                    writer.Append(s, (m * 1000) + s, sketch);
                }
            }

            readers[m] = new HllSequenceReader(writer.ToArray(), HllSettings.Default);
        }

        var union = new HllRunningUnion(members, HllSettings.Default);
        for (int s = 0; s < steps; s++)
        {
            var expected = new HllSketch();
            long expectedValue = 0, value = 0;
            for (int m = 0; m < members; m++)
            {
                if (sketches[m, s] is { } sketch)
                {
                    expected.UnionWith(sketch);
                    expectedValue += (m * 1000) + s;
                }

                if (readers[m].NextStep == s)
                {
                    value += readers[m].ApplyNext(union, m);
                }
                else
                {
                    readers[m].Release(union, m);
                }
            }

            Assert.Equal(expectedValue, value);
            Assert.Equal(expected.Cardinality(), union.Cardinality());
            Assert.Equal(expected.Representation == HllRepresentation.Explicit || expected.IsEmpty, union.IsExplicit);
        }

        Assert.All(readers, r => Assert.True(r.End));
    }

    [Fact]
    public void Append_UnionOfMembers_WritesASequenceThatReplaysToTheSameCardinality()
    {
        var union = new HllRunningUnion(2, HllSettings.Default);
        var left = new HllSequenceWriter(HllSettings.Default);
        var right = new HllSequenceWriter(HllSettings.Default);
        left.Append(0, 1, HllSketchTests.Users(1000));
        right.Append(0, 2, HllSketchTests.Users(700));
        new HllSequenceReader(left.ToArray(), HllSettings.Default).ApplyNext(union, 0);
        new HllSequenceReader(right.ToArray(), HllSettings.Default).ApplyNext(union, 1);
        var combined = new HllSequenceWriter(HllSettings.Default);
        combined.Append(0, 3, union);

        var again = new HllRunningUnion(1, HllSettings.Default);
        long plays = new HllSequenceReader(combined.ToArray(), HllSettings.Default).ApplyNext(again, 0);

        Assert.Equal(3, plays);
        Assert.True(union.IsExplicit);
        Assert.Equal(1000.0, again.Cardinality());
        Assert.Equal(HllSketch.Union(HllSketchTests.Users(1000), HllSketchTests.Users(700)).Cardinality(), again.Cardinality());
    }

    [Fact]
    public void Reader_TruncatedSequence_IsAFormatError()
    {
        var writer = new HllSequenceWriter(HllSettings.Default);
        writer.Append(3, 1, HllSketchTests.Users(5000));
        byte[] bytes = writer.ToArray();
        var reader = new HllSequenceReader(bytes[..^10], HllSettings.Default);

        Assert.Throws<HllFormatException>(() => reader.ApplyNext(new HllRunningUnion(1, HllSettings.Default), 0));
        Assert.Throws<HllFormatException>(() => new HllSequenceReader([9, 14, 5], HllSettings.Default));
    }
}
