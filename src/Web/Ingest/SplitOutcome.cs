namespace StreamAgg.Web.Ingest;

/// <summary>What <see cref="EventBodySplitter"/> made of a body.</summary>
internal enum SplitOutcome
{
    /// <summary>The events were found (each still to be validated on its own).</summary>
    Split,

    /// <summary>A JSON body that is not a well-formed array or object: nothing of it can be trusted.</summary>
    Malformed,

    /// <summary>More events than the request may carry.</summary>
    TooManyEvents,
}
