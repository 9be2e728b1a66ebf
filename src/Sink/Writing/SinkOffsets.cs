using Npgsql;

namespace StreamAgg.Sink.Writing;

/// <summary>Reads a sink's stored next offsets from <c>sink_offsets</c>.</summary>
internal static class SinkOffsets
{
    private const string Select = "SELECT partition, next_offset FROM sink_offsets WHERE consumer = $1 AND topic = $2";

    public static async Task<IReadOnlyDictionary<int, long>> ReadAsync(NpgsqlDataSource dataSource, string consumer, string topic, CancellationToken ct)
    {
        await using var command = Command(dataSource, consumer, topic);
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var positions = new Dictionary<int, long>();
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
            positions[reader.GetInt32(0)] = reader.GetInt64(1);
        return positions;
    }

    /// <summary>Synchronous twin of <see cref="ReadAsync"/>, for Kafka's partition-assignment callback.</summary>
    public static IReadOnlyDictionary<int, long> Read(NpgsqlDataSource dataSource, string consumer, string topic)
    {
        using var command = Command(dataSource, consumer, topic);
        using var reader = command.ExecuteReader();
        var positions = new Dictionary<int, long>();
        while (reader.Read())
            positions[reader.GetInt32(0)] = reader.GetInt64(1);
        return positions;
    }

    private static NpgsqlCommand Command(NpgsqlDataSource dataSource, string consumer, string topic)
    {
        var command = dataSource.CreateCommand(Select);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = consumer });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = topic });
        return command;
    }
}
