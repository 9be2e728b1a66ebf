namespace StreamAgg.Cli;

/// <summary>
/// Failures a user can fix from the message alone (a missing package, a server that does not
/// answer, a file that is not there): these print one line, not a stack trace.
/// </summary>
internal static class FailureMessage
{
    public static bool IsExpected(Exception e) => e switch
    {
        IOException or UnauthorizedAccessException or DllNotFoundException => true,
        _ => e.GetType().Name is "KafkaUnreachableException" or "TopicCatalogException" or "TopicProvisioningException"
            or "EmbeddedPostgresException" or "EmbeddedKafkaException" or "NpgsqlException" or "StreamsException",
    };
}
