namespace StreamAgg.Dev.Postgres;

/// <summary>The throwaway cluster could not be created or started; the message says what to do.</summary>
public sealed class EmbeddedPostgresException : Exception
{
    /// <summary>Creates the exception with a message that names the cause and the fix.</summary>
    public EmbeddedPostgresException(string message) : base(message) { }

    /// <summary>Creates the exception, keeping the underlying failure.</summary>
    public EmbeddedPostgresException(string message, Exception inner) : base(message, inner) { }
}
