namespace StreamAgg.Web.Dashboard.Api;

/// <summary>
/// Events per second arriving on <c>player-events</c>: the growth of the sum of its partitions'
/// high watermarks over the last <c>MeasuredOverSeconds</c> (null while Kafka has not been
/// read twice, or cannot be reached: then <c>Unavailable</c> says why).
/// </summary>
internal sealed record IngestRateReading(double? EventsPerSecond, double? MeasuredOverSeconds, long? TotalOffsets, DateTimeOffset? MeasuredAt, string? Unavailable);
