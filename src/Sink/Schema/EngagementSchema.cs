using Npgsql;

namespace StreamAgg.Sink.Schema;

/// <summary>
/// The sink's tables and report views: ordered migration scripts embedded in this assembly,
/// recorded in <c>schema_migrations</c>. Applying is idempotent and safe from several sinks
/// starting at once (an advisory lock serialises them).
/// </summary>
public static class EngagementSchema
{
    // Any constant shared by every StreamAgg sink; "SAGG" in ASCII.
    private const long MigrationLockKey = 0x5341_4747;

    /// <summary>The highest migration version this build knows.</summary>
    public static int LatestVersion => SchemaMigration.LoadAll()[^1].Version;

    /// <summary>Applies the migrations not yet recorded, each with its record, in one transaction.</summary>
    /// <returns>The versions applied now (empty when the schema was up to date).</returns>
    public static async Task<IReadOnlyList<int>> ApplyAsync(NpgsqlDataSource dataSource, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        await using var connection = await dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);

        await ExecuteAsync(connection, $"SELECT pg_advisory_xact_lock({MigrationLockKey})", ct).ConfigureAwait(false);
        await ExecuteAsync(connection, """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version    integer     PRIMARY KEY,
                name       text        NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now()
            )
            """, ct).ConfigureAwait(false);

        var applied = new HashSet<int>();
        await using (var select = new NpgsqlCommand("SELECT version FROM schema_migrations", connection))
        await using (var reader = await select.ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
                applied.Add(reader.GetInt32(0));
        }

        var appliedNow = new List<int>();
        foreach (var migration in SchemaMigration.LoadAll().Where(m => !applied.Contains(m.Version)))
        {
            await ExecuteAsync(connection, migration.Sql, ct).ConfigureAwait(false);
            await using var record = new NpgsqlCommand("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", connection);
            record.Parameters.Add(new NpgsqlParameter<int> { TypedValue = migration.Version });
            record.Parameters.Add(new NpgsqlParameter<string> { TypedValue = migration.Name });
            await record.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            appliedNow.Add(migration.Version);
        }

        await transaction.CommitAsync(ct).ConfigureAwait(false);
        return appliedNow;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }
}
