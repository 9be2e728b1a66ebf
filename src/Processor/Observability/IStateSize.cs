namespace StreamAgg.Processor.Observability;

/// <summary>A task that holds keyed state reports its size for the state gauges (sampled by the stream thread).</summary>
internal interface IStateSize
{
    /// <summary>Keys held now.</summary>
    int KeyCount { get; }

    /// <summary>Heap bytes of the state; may walk every key, so it is sampled, not read per commit.</summary>
    long StateBytes();
}
