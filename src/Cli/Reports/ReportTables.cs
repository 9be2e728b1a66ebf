using System.Text;
using StreamAgg.Sink.Reports;

namespace StreamAgg.Cli.Reports;

/// <summary>The analysts' reports as terminal tables; the demo's summary and <c>streamagg report</c> share them.</summary>
internal static class ReportTables
{
    public static string TopVideos(IReadOnlyList<TopVideoReportRow> rows)
    {
        var text = new StringBuilder();
        text.AppendLine($"  {"video",-12} {"title",-28} {"viewers",8} {"avg watch %",12} {"avg compl. %",13} {"completions",12}");
        foreach (var row in rows)
        {
            text.AppendLine($"  {row.VideoId,-12} {Truncate(row.VideoTitle ?? "(no title)", 28),-28} {row.UniqueViewers,8:N0} {Percent(row.AvgWatchPercentage),12} {Percent(row.AvgCompletionPercentage),13} {row.Completions,12:N0}");
        }

        return text.ToString();
    }

    public static string PowerUsers(IReadOnlyList<PowerUserReportRow> rows)
    {
        var text = new StringBuilder();
        text.AppendLine($"  {"user",-28} {"High videos",11} {"videos",7} {"avg score",10} {"watched",10} {"completions",12}");
        foreach (var row in rows)
        {
            text.AppendLine($"  {Truncate(row.UserId, 28),-28} {row.HighTierVideos,11:N0} {row.VideosWatched,7:N0} {row.AvgHighTierScore,10:F1} {Duration(row.TotalWatchTime),10} {row.Completions,12:N0}");
        }

        return text.ToString();
    }

    /// <summary>Where viewers who never completed stopped, per video, as bars per 30-second bucket.</summary>
    public static string Dropoff(IReadOnlyList<DropoffReportRow> rows, int width = 40)
    {
        var text = new StringBuilder();
        foreach (var video in rows.GroupBy(r => r.VideoId))
        {
            var peak = video.Max(r => r.Viewers);
            text.AppendLine($"  {video.Key}: {video.Sum(r => r.Viewers):N0} viewers stopped before completing");
            foreach (var row in video.OrderBy(r => r.BucketStartSeconds))
            {
                var bar = (int)Math.Round(width * (double)row.Viewers / peak);
                text.AppendLine($"    {Clock(row.BucketStartSeconds),6}–{Clock(row.BucketStartSeconds + DropoffReportRow.BucketSeconds),-6} {new string('█', bar),-40} {row.Viewers,6:N0}");
            }
        }

        return text.ToString();
    }

    private static string Percent(double? value) => value is { } v ? $"{v:F1}" : "—";

    private static string Duration(double seconds) => TimeSpan.FromSeconds(seconds).ToString(seconds >= 3600 ? @"h\:mm\:ss" : @"m\:ss");

    private static string Clock(int seconds) => $"{seconds / 60}:{seconds % 60:D2}";

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";
}
