namespace StreamAgg.Dev.Kafka.Isolation.Protocol;

// The Kafka error codes the proxy answers with itself, and those it acts on.
internal static class ErrorCodes
{
    public const short None = 0;
    public const short CoordinatorLoadInProgress = 14;
    public const short CoordinatorNotAvailable = 15;
    public const short NotCoordinator = 16;
    public const short IllegalGeneration = 22;
    public const short UnknownMemberId = 25;
    public const short RebalanceInProgress = 27;
    public const short InvalidProducerEpoch = 47;
    public const short ProducerFenced = 90;
}
