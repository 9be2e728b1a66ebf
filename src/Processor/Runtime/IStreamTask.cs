using Confluent.Kafka;

namespace StreamAgg.Processor.Runtime;

/// <summary>
/// The work of one input partition: its state, and what it does with each record. The stream
/// thread drives it through the phases of its loop; a task never talks to Kafka itself, it hands
/// what it produces to an <see cref="IRecordCollector"/>.
/// </summary>
internal interface IStreamTask : IDisposable
{
    /// <summary>The input partition this task owns; its changelog partitions have the same number.</summary>
    TopicPartition InputPartition { get; }

    /// <summary>The changelog topics whose partition <c>InputPartition.Partition</c> holds this task's state.</summary>
    IReadOnlyList<string> ChangelogTopics { get; }

    /// <summary>
    /// Restoration: apply one changelog record (a null value is a deletion). The value's bytes
    /// never change afterwards, so the task may keep them instead of copying.
    /// </summary>
    void Restore(string changelogTopic, byte[] key, ReadOnlyMemory<byte>? value);

    /// <summary>
    /// Where restoring <paramref name="changelogTopic"/> starts: the offset after what the task's
    /// local store already reflects (its checkpoint), or null to read the changelog from its start.
    /// </summary>
    long? LocalStateOffset(string changelogTopic) => null;

    /// <summary>The input position the local store's checkpoint recorded (null: none, or no local store).</summary>
    long? LocalStatePosition => null;

    /// <summary>
    /// The changelog ends before <see cref="LocalStateOffset"/> (it was recreated or truncated):
    /// the local store is not this changelog's, so it is wiped and the changelog restored from its start.
    /// </summary>
    void DiscardLocalState(string why)
    {
    }

    /// <summary>
    /// Clean close, right after a commit: the task's local store records that it reflects the
    /// changelog up to <paramref name="changelogEnd"/> (the next offset to restore from) and the
    /// input up to <paramref name="inputPosition"/>, so a later assignment restores only what
    /// follows. Never called after an abort or a crash; nothing to do without a local store.
    /// </summary>
    void Checkpoint(string changelogTopic, long changelogEnd, long? inputPosition)
    {
    }

    /// <summary>Process phase: one input record, in offset order.</summary>
    void Process(ConsumeResult<byte[], byte[]> record, IRecordCollector output);

    /// <summary>Punctuate phase: scheduled work (session timeouts), handed the wall clock.</summary>
    void Punctuate(DateTimeOffset now, IRecordCollector output);

    /// <summary>
    /// Commit phase: hand over what the commit interval coalesced (latest rows per key, heatmap
    /// deltas, changelog records for the keys that changed) before offsets are committed.
    /// </summary>
    void Flush(IRecordCollector output);
}
