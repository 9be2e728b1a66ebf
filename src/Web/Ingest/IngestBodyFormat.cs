namespace StreamAgg.Web.Ingest;

/// <summary>How a request body holds its events.</summary>
internal enum IngestBodyFormat
{
    /// <summary>A JSON array of events (or one event object): <c>application/json</c>.</summary>
    Json,

    /// <summary>One event per line: <c>application/x-ndjson</c>.</summary>
    Ndjson,

    /// <summary>
    /// <c>text/plain</c> (what <c>navigator.sendBeacon</c> sends for a string) or no content type:
    /// a JSON array when the first character is <c>[</c>, else NDJSON.
    /// </summary>
    Sniffed,
}
