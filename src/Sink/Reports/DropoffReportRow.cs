namespace StreamAgg.Sink.Reports;

/// <summary>
/// One bucket of <c>report_dropoff</c>: how many viewers who never completed the video stopped
/// with their furthest position in [<see cref="BucketStartSeconds"/>, <see cref="BucketEndSeconds"/>).
/// </summary>
/// <param name="VideoId">The video (its duration is known).</param>
/// <param name="BucketStartSeconds">Start of the 30-second bucket.</param>
/// <param name="Viewers">Viewers whose furthest position falls in the bucket.</param>
public sealed record DropoffReportRow(string VideoId, int BucketStartSeconds, long Viewers)
{
    /// <summary>The width of a bucket, in seconds.</summary>
    public const int BucketSeconds = 30;

    /// <summary>End of the bucket (exclusive).</summary>
    public int BucketEndSeconds => BucketStartSeconds + BucketSeconds;
}
