namespace StreamAgg.Kafka.Admin;

/// <summary>The cluster refused or did not answer a topic creation; the message lists each topic's error.</summary>
public sealed class TopicProvisioningException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TopicProvisioningException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
