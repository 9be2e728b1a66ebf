using System.Globalization;

namespace StreamAgg.Heatmap;

/// <summary>
/// The batch heatmap file (SEMANTICS §8): header <c>videoId,day,second,viewers,plays</c>, day as
/// YYYY-MM-DD, rows sorted by video id, day and second.
/// </summary>
public static class HeatmapCsv
{
    /// <summary>The header line.</summary>
    public const string Header = "videoId,day,second,viewers,plays";

    /// <summary>Writes the accumulator's totals.</summary>
    /// <param name="writer">The destination; lines end with "\n".</param>
    /// <param name="accumulator">The accumulated heatmap.</param>
    public static void Write(TextWriter writer, HeatmapAccumulator accumulator)
    {
        ArgumentNullException.ThrowIfNull(accumulator);
        Write(writer, accumulator.Rows());
    }

    /// <summary>Writes rows in the order given.</summary>
    /// <param name="writer">The destination; lines end with "\n".</param>
    /// <param name="rows">The rows, already sorted.</param>
    public static void Write(TextWriter writer, IEnumerable<HeatmapRow> rows)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(rows);
        writer.Write(Header);
        writer.Write('\n');
        foreach (HeatmapRow row in rows)
        {
            WriteField(writer, row.VideoId);
            writer.Write(',');
            writer.Write(row.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            writer.Write(',');
            writer.Write(row.Second.ToString(CultureInfo.InvariantCulture));
            writer.Write(',');
            writer.Write(row.Viewers.ToString(CultureInfo.InvariantCulture));
            writer.Write(',');
            writer.Write(row.Plays.ToString(CultureInfo.InvariantCulture));
            writer.Write('\n');
        }
    }

    // RFC 4180 quoting, needed only for ids with a comma, quote or line break.
    private static void WriteField(TextWriter writer, string value)
    {
        if (value.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            writer.Write(value);
            return;
        }

        writer.Write('"');
        writer.Write(value.Replace("\"", "\"\"", StringComparison.Ordinal));
        writer.Write('"');
    }
}
