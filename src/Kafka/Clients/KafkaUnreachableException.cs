namespace StreamAgg.Kafka.Clients;

/// <summary>No broker of the configured cluster answered; the message says where it looked and how to start one.</summary>
public sealed class KafkaUnreachableException : Exception
{
    /// <summary>Creates the exception for the cluster at <paramref name="bootstrapServers"/>.</summary>
    public KafkaUnreachableException(string bootstrapServers, string reason, Exception? innerException = null)
        : base($"cannot reach Kafka at {bootstrapServers}: is it running? Start one with ./streamagg kafka, "
            + $"or point STREAMAGG_KAFKA_BOOTSTRAP at yours ({reason})", innerException)
    {
        BootstrapServers = bootstrapServers;
    }

    /// <summary>The bootstrap.servers list that could not be reached.</summary>
    public string BootstrapServers { get; }
}
