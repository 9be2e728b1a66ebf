namespace StreamAgg.Kafka.Topics;

/// <summary>The topic catalog could not be found, read or validated; the message names the file.</summary>
public sealed class TopicCatalogException : Exception
{
    /// <summary>Creates the exception with a message that names the catalog's source.</summary>
    public TopicCatalogException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message that names the catalog's source, and its cause.</summary>
    public TopicCatalogException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
