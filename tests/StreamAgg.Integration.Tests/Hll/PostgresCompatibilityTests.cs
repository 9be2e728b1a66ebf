using System.Globalization;
using Npgsql;
using StreamAgg.Heatmap;
using StreamAgg.Hll;
using StreamAgg.Integration.Tests.Postgres;
using Xunit;

namespace StreamAgg.Integration.Tests.Hll;

/// <summary>
/// StreamAgg.Hll against a live PostgreSQL with postgresql-hll: same hashes, same bytes, same
/// estimates, and PostgreSQL merges what we write (embedded cluster, or STREAMAGG_POSTGRES).
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresCompatibilityTests(PostgresFixture postgres)
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(100)]
    [InlineData(1280)]
    [InlineData(1281)]
    [InlineData(5017)]
    [InlineData(5018)]
    [InlineData(100_000)]
    public async Task ToBytes_SameUsersAsHllAddAgg_SameBytesAndEstimate(int count)
    {
        HllSketch ours = Users(1, count);

        (string text, double cardinality) = await QueryAsync(
            "SELECT coalesce(hll_add_agg(hll_hash_text('user' || i), 14, 5, -1, 1), hll_empty(14, 5, -1, 1))::text, " +
            "hll_cardinality(coalesce(hll_add_agg(hll_hash_text('user' || i), 14, 5, -1, 1), hll_empty(14, 5, -1, 1))) " +
            "FROM generate_series(1, @n) i",
            ("n", count));

        Assert.Equal(text, ours.ToHex());
        Assert.Equal(cardinality, ours.Cardinality());
    }

    [Theory]
    [InlineData(1, 50, 30, 80)]            // explicit ∪ explicit
    [InlineData(1, 1000, 500, 1500)]       // explicit ∪ explicit past the threshold
    [InlineData(1, 100, 1001, 3000)]       // explicit ∪ sparse
    [InlineData(1001, 3000, 1, 100)]       // sparse ∪ explicit
    [InlineData(1, 3000, 3001, 6000)]      // sparse ∪ sparse → full
    [InlineData(1, 3000, 3001, 20_000)]    // sparse ∪ full
    [InlineData(1, 50_000, 40_000, 90_000)] // full ∪ full
    public async Task UnionWith_OurSketches_SameBytesAsHllUnionOfThem(int from1, int to1, int from2, int to2)
    {
        HllSketch left = Users(from1, to1);
        HllSketch right = Users(from2, to2);

        (string text, double cardinality) = await QueryAsync(
            "SELECT hll_union(@a::hll, @b::hll)::text, hll_cardinality(hll_union(@a::hll, @b::hll))",
            ("a", left.ToBytes()), ("b", right.ToBytes()));

        HllSketch union = HllSketch.Union(left, right);
        Assert.Equal(text, union.ToHex());
        Assert.Equal(cardinality, union.Cardinality());
    }

    [Theory]
    [InlineData("")]
    [InlineData("peter")]
    [InlineData("ünïcødé")]
    [InlineData("日本語のテキスト")]
    [InlineData("😀 user|with|pipes")]
    [InlineData("salt:2026-11-20:user_42")]
    public async Task Text_AnyString_SameAsHllHashText(string value)
    {
        await using var connection = new NpgsqlConnection(postgres.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT hll_hash_text(@s)::text", connection);
        command.Parameters.AddWithValue("s", value);

        string? hash = (string?)await command.ExecuteScalarAsync();

        Assert.Equal(long.Parse(hash!, CultureInfo.InvariantCulture), HllHash.Text(value));
    }

    [Fact]
    public async Task DrainDeltas_MergedByUpsertInPostgres_EqualsAccumulatedTotals()
    {
        string connectionString = await postgres.CreateIsolatedSchemaAsync("hll_heatmap");
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using (var create = new NpgsqlCommand(
            "CREATE TABLE heatmap (second int PRIMARY KEY, viewers hll NOT NULL, plays bigint NOT NULL)", connection))
        {
            await create.ExecuteNonQueryAsync();
        }

        var day = new DateOnly(2026, 11, 20);
        var heatmap = new HeatmapAccumulator(HllSettings.Default, "salt");
        for (int round = 0; round < 4; round++)
        {
            for (int user = 0; user < 1500; user++)
            {
                heatmap.Credit("v", day, "user" + ((round * 700) + user), user % 7, 4 + (user % 5));
            }

            foreach (HeatmapSecondDelta second in heatmap.DrainDeltas().Single().Seconds)
            {
                await using var upsert = new NpgsqlCommand(
                    "INSERT INTO heatmap VALUES (@s, @v::hll, @p) ON CONFLICT (second) DO UPDATE " +
                    "SET viewers = heatmap.viewers || EXCLUDED.viewers, plays = heatmap.plays + EXCLUDED.plays", connection);
                upsert.Parameters.AddWithValue("s", second.Second);
                upsert.Parameters.AddWithValue("v", second.Viewers.ToBytes());
                upsert.Parameters.AddWithValue("p", second.Plays);
                await upsert.ExecuteNonQueryAsync();
            }
        }

        var stored = new List<HeatmapRow>();
        await using (var select = new NpgsqlCommand(
            "SELECT second, round(hll_cardinality(viewers))::bigint, plays FROM heatmap ORDER BY second", connection))
        await using (var reader = await select.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                stored.Add(new HeatmapRow("v", day, reader.GetInt32(0), reader.GetInt64(1), reader.GetInt64(2)));
            }
        }

        Assert.Equal(heatmap.Rows().ToArray(), stored.ToArray());
    }

    private async Task<(string Text, double Cardinality)> QueryAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(postgres.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach ((string name, object value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return (reader.GetString(0), reader.GetDouble(1));
    }

    private static HllSketch Users(int from, int to)
    {
        var sketch = new HllSketch();
        for (int i = from; i <= to; i++)
        {
            sketch.Add(HllHash.Text("user" + i.ToString(CultureInfo.InvariantCulture)));
        }

        return sketch;
    }
}
