namespace StreamAgg.Processor;

/// <summary>How the processor commits its work.</summary>
public enum ProcessingGuarantee
{
    /// <summary>
    /// One Kafka transaction per commit interval carries the outputs, the state changelog
    /// records and the consumed offsets; readers use read_committed. Nothing is lost or doubled.
    /// </summary>
    ExactlyOnce,

    /// <summary>
    /// Outputs are flushed before offsets are committed: nothing is lost, but a crash may
    /// re-deliver the outputs of the last interval (the sink's version check absorbs rows).
    /// </summary>
    AtLeastOnce,
}
