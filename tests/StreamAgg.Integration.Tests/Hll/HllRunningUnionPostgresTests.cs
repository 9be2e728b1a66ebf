using Npgsql;
using StreamAgg.Hll;
using StreamAgg.Integration.Tests.Postgres;
using Xunit;

namespace StreamAgg.Integration.Tests.Hll;

/// <summary>
/// The in-process union of sketch sequences (<see cref="HllRunningUnion"/>, what the heatmap's fast
/// path runs) against postgresql-hll's own <c>hll_cardinality(hll_union_agg(…))</c> over the same
/// sketches on a real PostgreSQL: equal to the last bit, for EXPLICIT, SPARSE and FULL members and
/// their mixes, step after step as the members change.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class HllRunningUnionPostgresTests(PostgresFixture postgres)
{
    [Theory]
    [InlineData(new[] { 10, 200 })]                  // explicit ∪ explicit
    [InlineData(new[] { 700, 900 })]                 // explicit ∪ explicit past the threshold
    [InlineData(new[] { 300, 3000 })]                // explicit ∪ sparse
    [InlineData(new[] { 3000, 4000, 2500 })]         // sparse ∪ sparse → full
    [InlineData(new[] { 20_000, 100, 60_000, 5000 })] // full ∪ explicit ∪ full ∪ sparse
    public async Task Cardinality_SequencesOfShrinkingAudiences_EqualsHllUnionAggAtEveryStep(int[] sizes)
    {
        const int steps = 6;
        var sketches = new HllSketch[sizes.Length][];
        var readers = new HllSequenceReader[sizes.Length];
        for (int m = 0; m < sizes.Length; m++)
        {
            // Member m at step s: users [m·500, m·500 + size·(1 − s/8)): overlapping, shrinking audiences.
            sketches[m] = new HllSketch[steps];
            var writer = new HllSequenceWriter(HllSettings.Default);
            for (int s = 0; s < steps; s++)
            {
                var sketch = new HllSketch();
                int count = Math.Max(1, sizes[m] * (8 - s) / 8);
                for (int u = m * 500; u < (m * 500) + count; u++)
                {
                    sketch.Add(HllHash.Text("user" + u));
                }

                sketches[m][s] = sketch;
                writer.Append(s, 1, sketch);
            }

            readers[m] = new HllSequenceReader(writer.ToArray(), HllSettings.Default);
        }

        var union = new HllRunningUnion(sizes.Length, HllSettings.Default);
        await using var connection = new NpgsqlConnection(postgres.ConnectionString);
        await connection.OpenAsync();
        for (int s = 0; s < steps; s++)
        {
            for (int m = 0; m < sizes.Length; m++)
            {
                readers[m].ApplyNext(union, m);
            }

            await using var command = new NpgsqlCommand("SELECT hll_cardinality(hll_union_agg(s::hll)) FROM unnest($1::bytea[]) AS s", connection);
            command.Parameters.Add(new NpgsqlParameter<byte[][]> { TypedValue = [.. sketches.Select(member => member[s].ToBytes())] });
            double expected = (double)(await command.ExecuteScalarAsync())!;

            Assert.Equal(expected, union.Cardinality());
        }
    }
}
