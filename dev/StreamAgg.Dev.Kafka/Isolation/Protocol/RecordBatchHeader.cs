using System.Buffers.Binary;

namespace StreamAgg.Dev.Kafka.Isolation.Protocol;

// The fixed 61-byte header of a v2 record batch (magic 2), the part of a record set the proxy
// reads: where the batch sits in the log, whose producer wrote it and whether it belongs to a
// transaction. The records after it (possibly compressed) are never touched.
internal readonly record struct RecordBatchHeader(
    long BaseOffset, int BatchLength, short Attributes, int LastOffsetDelta, long ProducerId, short ProducerEpoch, int RecordCount)
{
    public const int Size = 61;
    private const short TransactionalFlag = 0x10;
    private const short ControlFlag = 0x20;

    // The bytes the batch occupies in a record set: offset, length field, then BatchLength bytes.
    public int TotalSize => 12 + BatchLength;

    public long LastOffset => BaseOffset + LastOffsetDelta;

    public bool IsTransactional => (Attributes & TransactionalFlag) != 0;

    public bool IsControl => (Attributes & ControlFlag) != 0;

    // Reads the header at the start of recordSet; false when fewer than a header's bytes remain or
    // the batch is not magic 2 (a partial trailing batch, as brokers may send, or an old format).
    public static bool TryRead(ReadOnlySpan<byte> recordSet, out RecordBatchHeader header)
    {
        header = default;
        if (recordSet.Length < Size || recordSet[16] != 2)
        {
            return false;
        }

        header = new RecordBatchHeader(
            BaseOffset: BinaryPrimitives.ReadInt64BigEndian(recordSet),
            BatchLength: BinaryPrimitives.ReadInt32BigEndian(recordSet[8..]),
            Attributes: BinaryPrimitives.ReadInt16BigEndian(recordSet[21..]),
            LastOffsetDelta: BinaryPrimitives.ReadInt32BigEndian(recordSet[23..]),
            ProducerId: BinaryPrimitives.ReadInt64BigEndian(recordSet[43..]),
            ProducerEpoch: BinaryPrimitives.ReadInt16BigEndian(recordSet[51..]),
            RecordCount: BinaryPrimitives.ReadInt32BigEndian(recordSet[57..]));
        return header.BatchLength >= Size - 12;
    }
}
