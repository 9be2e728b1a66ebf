using Npgsql;

namespace StreamAgg.Dev.Postgres;

/// <summary>Creates the postgresql-hll extension, turning "not installed" into an actionable message.</summary>
internal static class HllExtension
{
    public static async Task EnsureAsync(string connectionString, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct).ConfigureAwait(false);
        await using var command = new NpgsqlCommand("CREATE EXTENSION IF NOT EXISTS hll", connection);
        try
        {
            await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.UndefinedFile or PostgresErrorCodes.FeatureNotSupported)
        {
            throw new EmbeddedPostgresException(
                "The PostgreSQL extension hll is not installed: install the Debian package postgresql-15-hll (./scripts/setup.sh does). " + e.MessageText,
                e);
        }
    }
}
