using StreamAgg.Processor.Runtime;

namespace StreamAgg.Processor.State;

/// <summary>
/// Told of every key a flush hands over, before its changelog record is written (as Kafka's
/// caching store forwards a flushed entry downstream): the task sends the key's row then, with the
/// key already encoded.
/// </summary>
internal interface IStoreFlushListener<TKey, TValue>
{
    void OnFlushed(in TKey key, ReadOnlySpan<byte> encodedKey, TValue? value, IRecordCollector output);
}
