using StreamAgg.Dev.Kafka.Isolation.Transactions;

namespace StreamAgg.Dev.Kafka.Isolation.Protocol;

// TxnOffsetCommit (versions 0 to 3; 3 is flexible): the offsets a transaction commits for a
// group. The broker behind accepts them and forgets them; the proxy keeps them with the
// transaction, and stores them in the group when the transaction commits. Version 3 carries the
// group membership (generation, member id) that storing them takes. A fenced producer's offsets
// are dropped and, in the non-flexible versions, its response says PRODUCER_FENCED (the same
// shape as AddPartitionsToTxn's).
internal static class TxnOffsetCommitExchange
{
    public const short MaxVersion = 3;
    public const short FirstFlexibleVersion = 3;

    // False when the producer is fenced: its offsets are not kept.
    public static bool OnRequest(ReadOnlySpan<byte> frame, int bodyOffset, short version, TransactionCoordinator coordinator)
    {
        var flexible = version >= FirstFlexibleVersion;
        var reader = new WireReader(frame, bodyOffset);
        ReadString(ref reader, flexible);
        var groupId = ReadString(ref reader, flexible) ?? "";
        var producer = new ProducerKey(reader.ReadInt64(), reader.ReadInt16());
        var generationId = -1;
        var memberId = "";
        string? groupInstanceId = null;
        if (version >= 3)
        {
            generationId = reader.ReadInt32();
            memberId = ReadString(ref reader, flexible) ?? "";
            groupInstanceId = ReadString(ref reader, flexible);
        }

        var offsets = new List<PartitionOffset>();
        var topicCount = flexible ? reader.ReadCompactArrayCount() : reader.ReadArrayCount();
        for (var t = 0; t < topicCount; t++)
        {
            var topic = ReadString(ref reader, flexible) ?? "";
            var partitionCount = flexible ? reader.ReadCompactArrayCount() : reader.ReadArrayCount();
            for (var p = 0; p < partitionCount; p++)
            {
                var partition = reader.ReadInt32();
                var offset = reader.ReadInt64();
                if (version >= 2)
                {
                    reader.ReadInt32();
                }

                var metadata = ReadString(ref reader, flexible);
                if (flexible)
                {
                    reader.SkipTaggedFields();
                }

                offsets.Add(new PartitionOffset(new PartitionKey(topic, partition), offset, metadata));
            }

            if (flexible)
            {
                reader.SkipTaggedFields();
            }
        }

        return coordinator.AddOffsets(producer, new GroupOffsets(groupId, generationId, memberId, groupInstanceId, offsets));
    }

    private static string? ReadString(ref WireReader reader, bool flexible) => flexible ? reader.ReadCompactString() : reader.ReadString();
}
