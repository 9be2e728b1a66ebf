using Npgsql;

namespace StreamAgg.Sink.Writing;

/// <summary>Why storing a batch failed: for a passing reason (try the same batch again) or for a message's content.</summary>
internal static class StoreFailure
{
    /// <summary>The server, the connection or a timeout failed: the same batch may succeed later.</summary>
    public static bool IsTransient(Exception e) =>
        e is NpgsqlException or TimeoutException && !(e is PostgresException p && RefusesData(p));

    /// <summary>
    /// Data exceptions (22), integrity violations (23) and size limits (54) come from a message's
    /// content: retrying the same message can never succeed.
    /// </summary>
    public static bool RefusesData(PostgresException e) =>
        e.SqlState.StartsWith("22", StringComparison.Ordinal)
        || e.SqlState.StartsWith("23", StringComparison.Ordinal)
        || e.SqlState.StartsWith("54", StringComparison.Ordinal);
}
