using System.Buffers.Binary;

namespace StreamAgg.Dev.Kafka.Isolation.Protocol;

// ApiVersions: caps the versions the brokers offer for the requests the proxy parses, so clients
// never send them in a form it does not read (mostly the flexible encodings). The entries are
// patched in place; the response header of ApiVersions is always version 0.
internal static class ApiVersionsExchange
{
    private static readonly Dictionary<short, short> Caps = new()
    {
        [(short)KafkaApiKey.Produce] = ProduceExchange.MaxVersion,
        [(short)KafkaApiKey.Fetch] = FetchExchange.MaxVersion,
        [(short)KafkaApiKey.Metadata] = BrokerAddressExchange.MaxMetadataVersion,
        [(short)KafkaApiKey.FindCoordinator] = BrokerAddressExchange.MaxFindCoordinatorVersion,
        [(short)KafkaApiKey.InitProducerId] = InitProducerIdExchange.MaxVersion,
        [(short)KafkaApiKey.AddPartitionsToTxn] = TransactionMembershipExchange.MaxVersion,
        [(short)KafkaApiKey.AddOffsetsToTxn] = TransactionMembershipExchange.MaxVersion,
        [(short)KafkaApiKey.EndTxn] = EndTxnExchange.MaxVersion,
        [(short)KafkaApiKey.TxnOffsetCommit] = TxnOffsetCommitExchange.MaxVersion,
        [(short)KafkaApiKey.JoinGroup] = JoinGroupExchange.MaxVersion,
    };

    public static void OnResponse(Span<byte> frame, short version)
    {
        var reader = new WireReader(frame, RequestHeader.FrameStart + 4);
        if (reader.ReadInt16() != ErrorCodes.None)
        {
            return;
        }

        var compact = version >= 3;
        var count = compact ? reader.ReadCompactArrayCount() : reader.ReadArrayCount();
        var entriesStart = reader.Position;
        // Each entry is key, min, max (6 bytes), plus an empty tag buffer in the flexible form;
        // librdkafka's own brokers write the flexible entries without it, so measure.
        var trailer = (version >= 1 ? 4 : 0) + (compact ? 1 : 0);
        var stride = compact && reader.Remaining == (count * 7) + trailer ? 7 : 6;
        for (var i = 0; i < count; i++)
        {
            var entry = frame[(entriesStart + (i * stride))..];
            var key = BinaryPrimitives.ReadInt16BigEndian(entry);
            var min = BinaryPrimitives.ReadInt16BigEndian(entry[2..]);
            var max = BinaryPrimitives.ReadInt16BigEndian(entry[4..]);
            if (Caps.TryGetValue(key, out var cap) && max > cap && min <= cap)
            {
                BinaryPrimitives.WriteInt16BigEndian(entry[4..], cap);
            }
        }
    }
}
