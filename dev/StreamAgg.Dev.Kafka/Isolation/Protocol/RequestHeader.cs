namespace StreamAgg.Dev.Kafka.Isolation.Protocol;

// The common header of every request (versions 1 and 2): api key, api version, correlation id and
// client id, then, in the flexible version 2, tagged fields. Frames here include their 4-byte size.
internal readonly record struct RequestHeader(KafkaApiKey ApiKey, short ApiVersion, int CorrelationId, int ClientIdEnd)
{
    public const int FrameStart = 4;

    public static RequestHeader Read(ReadOnlySpan<byte> frame)
    {
        var reader = new WireReader(frame, FrameStart);
        var apiKey = (KafkaApiKey)reader.ReadInt16();
        var version = reader.ReadInt16();
        var correlationId = reader.ReadInt32();
        reader.SkipString();
        return new RequestHeader(apiKey, version, correlationId, reader.Position);
    }

    // Where the body starts: after the client id, or after the tagged fields of a flexible header.
    public int BodyOffset(ReadOnlySpan<byte> frame, bool flexible)
    {
        if (!flexible)
        {
            return ClientIdEnd;
        }

        var reader = new WireReader(frame, ClientIdEnd);
        reader.SkipTaggedFields();
        return reader.Position;
    }
}
