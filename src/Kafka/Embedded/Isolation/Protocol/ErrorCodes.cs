namespace StreamAgg.Kafka.Embedded.Isolation.Protocol;

// The Kafka error codes the proxy answers with itself.
internal static class ErrorCodes
{
    public const short None = 0;
    public const short UnknownMemberId = 25;
    public const short InvalidProducerEpoch = 47;
    public const short ProducerFenced = 90;
}
