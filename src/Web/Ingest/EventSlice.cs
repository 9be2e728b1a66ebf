namespace StreamAgg.Web.Ingest;

/// <summary>Where one event's bytes lie in the request body: produced to Kafka exactly as they are.</summary>
internal readonly record struct EventSlice(int Start, int Length);
