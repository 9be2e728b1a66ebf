using Npgsql;

namespace StreamAgg.Sink.Writing;

/// <summary>
/// The batch commands both sink writers send in their transactions: storing dead letters in
/// <c>sink_dead_letters</c> (one set-based insert), the next offsets in <c>sink_offsets</c>, and a
/// command with positional parameters.
/// </summary>
internal static class SinkBatchCommands
{
    private const string InsertDeadLetters =
        """
        INSERT INTO sink_dead_letters (consumer, topic, partition, "offset", reason, detail, message_key, message)
        SELECT $1, * FROM unnest($2::text[], $3::int[], $4::bigint[], $5::text[], $6::text[], $7::bytea[], $8::bytea[])
        ON CONFLICT DO NOTHING
        """;

    // Positions only move forward: a consumer that lost its partitions may still finish an older batch.
    private const string UpsertPositions =
        """
        INSERT INTO sink_offsets (consumer, topic, partition, next_offset, updated_at)
        SELECT $1, t, p, o, now() FROM unnest($2::text[], $3::int[], $4::bigint[]) AS x(t, p, o)
        ON CONFLICT (consumer, topic, partition) DO UPDATE
            SET next_offset = EXCLUDED.next_offset, updated_at = EXCLUDED.updated_at
            WHERE sink_offsets.next_offset < EXCLUDED.next_offset
        """;

    public static NpgsqlBatchCommand Positions(string consumer, IReadOnlyList<SinkPosition> positions) => Positional(
        UpsertPositions,
        consumer,
        positions.Select(p => p.Topic).ToArray(),
        positions.Select(p => p.Partition).ToArray(),
        positions.Select(p => p.NextOffset).ToArray());

    public static NpgsqlBatchCommand DeadLetters(string consumer, IReadOnlyList<SinkDeadLetter> deadLetters) => Positional(
        InsertDeadLetters,
        consumer,
        deadLetters.Select(d => d.Source.Topic ?? "").ToArray(),
        deadLetters.Select(d => d.Source.Partition).ToArray(),
        deadLetters.Select(d => d.Source.Offset).ToArray(),
        deadLetters.Select(d => d.Reason).ToArray(),
        deadLetters.Select(d => d.Detail).ToArray(),
        deadLetters.Select(d => d.Key).ToArray(),
        deadLetters.Select(d => d.Value).ToArray());

    public static NpgsqlBatchCommand Positional(string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        return command;
    }
}
