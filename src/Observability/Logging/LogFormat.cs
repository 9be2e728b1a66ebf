namespace StreamAgg.Observability.Logging;

/// <summary>How the long-running commands write their logs to the console.</summary>
public enum LogFormat
{
    /// <summary>One readable line per event, with its scopes (instance, partition).</summary>
    Text,
    /// <summary>One JSON object per line (timestamp, level, category, message, state, scopes), for log shippers.</summary>
    Json,
}
