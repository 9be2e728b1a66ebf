namespace StreamAgg.Bench.Pipeline;

/// <summary>
/// One (user, video) key of the latency bench: when each of its events was produced, and how
/// many of them rows have reflected so far in Kafka and in PostgreSQL. The row's event count
/// (applied + late + duplicate) says how many of the key's events it reflects: with the
/// simulator's faults off, every event of a key is counted exactly once, in production order.
/// </summary>
internal sealed class KeyTrack
{
    public List<long> Produced { get; } = new(4);

    public int SeenInKafka { get; set; }

    public int SeenInPostgres { get; set; }
}
