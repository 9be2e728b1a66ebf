namespace StreamAgg.Processor.Runtime;

/// <summary>
/// A table every task reads whole (a GlobalKTable in Kafka Streams terms): the video metadata.
/// It is read to its end before processing starts, then kept up to date in each poll phase.
/// </summary>
internal interface IGlobalTable : IDisposable
{
    /// <summary>Reads the table's topic from the beginning to its current end.</summary>
    void Bootstrap(CancellationToken cancellation);

    /// <summary>Applies whatever updates arrived since the last call, without waiting.</summary>
    void PollUpdates();
}
