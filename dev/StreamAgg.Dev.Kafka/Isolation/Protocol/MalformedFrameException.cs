namespace StreamAgg.Dev.Kafka.Isolation.Protocol;

/// <summary>A Kafka protocol frame the isolating proxy could not parse.</summary>
public sealed class MalformedFrameException : Exception
{
    /// <summary>Creates the exception with a description of what did not fit.</summary>
    public MalformedFrameException(string message)
        : base("Kafka protocol frame not understood: " + message)
    {
    }

    /// <summary>Creates the exception without a message.</summary>
    public MalformedFrameException()
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public MalformedFrameException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
