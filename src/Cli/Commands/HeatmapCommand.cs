using System.CommandLine;
using System.Globalization;
using Npgsql;
using StreamAgg.Cli.Heatmap;
using StreamAgg.Heatmap;
using StreamAgg.Sink.Heatmap;

namespace StreamAgg.Cli.Commands;

/// <summary>
/// <c>streamagg heatmap</c>: one video's per-second viewers and plays over a range of days or a
/// standard window, read from the heatmap sink's tables (a precomputed window when one fits, else
/// the sketches; the output says which); the retention, the largest drop-offs, the key moments and
/// the retention beside the typical curve of similar videos (as text or --json), SVG/PNG charts,
/// and the per-day, per-second rows as CSV.
/// </summary>
internal static class HeatmapCommand
{
    private const int DefaultDays = 90;

    public static Command Create()
    {
        var video = new Option<string>("--video") { Description = "The video id.", Required = true };
        var from = new Option<string?>("--from") { Description = $"First UTC day, YYYY-MM-DD (default: {DefaultDays - 1} days before --to)." };
        var to = new Option<string?>("--to") { Description = "Last UTC day, YYYY-MM-DD (default: the video's newest day with data, else today)." };
        var postgres = CommonOptions.Postgres();
        var png = new Option<FileInfo?>("--png") { Description = "Also write the chart as a PNG image here." };
        var svg = new Option<FileInfo?>("--svg") { Description = "Also write the chart as an SVG image here." };
        var top = new Option<int>("--top") { Description = "How many drop-off points to list.", DefaultValueFactory = _ => 5 };
        var window = new Option<string?>("--window") { Description = "A standard window instead of --from/--to: last-7-days, last-28-days, last-90-days (any last-N-days), ending at the video's newest day." };
        var span = new Option<int>("--dropoff-span") { Description = "Seconds between the two points a drop-off compares.", DefaultValueFactory = _ => 1 };
        var csv = new Option<string?>("--csv")
        {
            Description = "Also write the rows videoId,day,second,viewers,plays here: one per day and second of the range, each day from its own sketches (as aggregate --heatmap). '-' writes them to standard output, and the report to standard error.",
        };
        var json = new Option<bool>("--json") { Description = "Print the answer, drop-offs, key moments and relative retention as one JSON document instead of the text report." };
        var length = new Option<int?>("--length") { Description = "The video's length in seconds for the comparison with similar videos (default: its stored duration, else its last watched second + 1)." };
        var command = new Command("heatmap", "Per-second viewers and plays of a video from PostgreSQL: retention, largest drop-offs, key moments, retention against similar videos, a chart (--png, --svg), the rows (--csv), JSON (--json).")
        {
            video, from, to, window, postgres, png, svg, csv, top, span, json, length,
        };
        command.SetAction(async (parse, ct) =>
        {
            var connectionString = parse.GetValue(postgres);
            if (string.IsNullOrWhiteSpace(connectionString))
                throw new UsageException("no PostgreSQL to read: pass --postgres CONNSTR or set STREAMAGG_POSTGRES (an Npgsql connection string).");
            var videoId = parse.GetValue(video)!;
            var topCount = parse.GetValue(top);
            var spanSeconds = parse.GetValue(span);
            if (topCount < 0 || spanSeconds < 1)
                throw new UsageException("--top must be ≥ 0 and --dropoff-span ≥ 1.");
            var standardWindow = Window(parse.GetValue(window));
            var (fromDay, toDay) = (Day(parse.GetValue(from), "--from"), Day(parse.GetValue(to), "--to"));
            if (standardWindow is not null && (fromDay is not null || toDay is not null))
                throw new UsageException("--window names its own range: give it or --from/--to, not both.");

            var csvPath = parse.GetValue(csv);
            if (csvPath is { Length: 0 })
                throw new UsageException("--csv: give a file, or '-' for standard output.");
            var asJson = parse.GetValue(json);
            if (asJson && csvPath == "-")
                throw new UsageException("--json and --csv - both write to standard output: give --csv a file.");
            var lengthSeconds = parse.GetValue(length);
            if (lengthSeconds is < 1)
                throw new UsageException("--length must be at least 1 second.");
            // With the rows on standard output, everything else goes to standard error so the rows can be piped.
            var output = csvPath == "-" ? parse.InvocationConfiguration.Error : parse.InvocationConfiguration.Output;

            await using var dataSource = NpgsqlDataSource.Create(connectionString);
            var queries = new HeatmapQueries(dataSource);
            try
            {
                HeatmapAnswer answer;
                if (standardWindow is not null)
                {
                    answer = await queries.WindowAsync(videoId, standardWindow, ct);
                }
                else
                {
                    var (first, last) = await RangeAsync(queries, videoId, fromDay, toDay, ct);
                    answer = await queries.AnswerAsync(videoId, first, last, ct);
                }
                var seconds = answer.Seconds;
                var dropoffs = HeatmapAnalysis.LargestDropoffs(seconds, topCount, spanSeconds);
                var (momentOptions, comparisonOptions) = (new HeatmapMomentOptions(), new HeatmapComparisonOptions());
                var insights = await new HeatmapComparisonQueries(dataSource).InsightsAsync(answer, lengthSeconds, momentOptions, comparisonOptions, ct);
                if (asJson)
                {
                    output.Write(HeatmapJsonReport.Render(answer, dropoffs, insights));
                }
                else
                {
                    output.Write(HeatmapTextReport.Render(videoId, answer.From, answer.To, seconds, dropoffs));
                    output.Write(HeatmapAnswerLine.Render(answer));
                    output.Write('\n');
                    output.Write(HeatmapInsightsReport.Render(insights, momentOptions, comparisonOptions));
                }
                // With --json on standard output, the "wrote" lines go to standard error so the document stays parseable.
                var notes = asJson ? parse.InvocationConfiguration.Error : output;
                await WriteChartsAsync(HeatmapChart.Build(videoId, answer.From, answer.To, seconds, dropoffs, insights.Moments), parse.GetValue(svg), parse.GetValue(png), notes, ct);
                if (csvPath is not null)
                    await WriteCsvAsync(await HeatmapDailyRows.ReadAsync(queries, videoId, answer.From, answer.To, ct), csvPath, parse.InvocationConfiguration.Output, notes);
            }
            catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.UndefinedFunction or PostgresErrorCodes.UndefinedObject)
            {
                throw new UsageException($"the database has no heatmap tables (run the heatmap sink against it first): {e.MessageText}");
            }
            return 0;
        });
        return command;
    }

    private static async Task<(DateOnly First, DateOnly Last)> RangeAsync(HeatmapQueries queries, string videoId, DateOnly? from, DateOnly? to, CancellationToken ct)
    {
        var last = to ?? (await queries.DaysAsync(videoId, ct))?.Last ?? DateOnly.FromDateTime(DateTime.UtcNow);
        var first = from ?? last.AddDays(-(DefaultDays - 1));
        if (last < first)
            throw new UsageException($"--to ({last:yyyy-MM-dd}) is before --from ({first:yyyy-MM-dd}).");
        return (first, last);
    }

    private static HeatmapWindow? Window(string? name)
    {
        if (name is null)
            return null;
        try
        {
            return HeatmapWindow.Parse(name);
        }
        catch (FormatException e)
        {
            throw new UsageException($"--window: {e.Message}");
        }
    }

    private static DateOnly? Day(string? text, string option)
    {
        if (text is null)
            return null;
        if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) || day.Year >= 9999)
            throw new UsageException($"{option}: expected a day as YYYY-MM-DD, got '{text}'.");
        return day;
    }

    private static async Task WriteCsvAsync(IReadOnlyList<HeatmapRow> rows, string path, TextWriter standardOutput, TextWriter output)
    {
        if (path == "-")
        {
            HeatmapCsv.Write(standardOutput, rows);
            return;
        }
        var file = new FileInfo(path);
        await using (var writer = new StreamWriter(file.FullName, append: false))
            HeatmapCsv.Write(writer, rows);
        output.WriteLine($"wrote {file.FullName} ({rows.Count} rows)");
    }

    private static async Task WriteChartsAsync(ChartScene scene, FileInfo? svg, FileInfo? png, TextWriter output, CancellationToken ct)
    {
        if (svg is not null)
        {
            await File.WriteAllTextAsync(svg.FullName, SvgWriter.Write(scene), ct);
            output.WriteLine($"wrote {svg.FullName}");
        }
        if (png is not null)
        {
            var raster = PngRasterizer.Draw(scene);
            await using var file = new FileStream(png.FullName, FileMode.Create, FileAccess.Write);
            PngEncoder.Write(file, raster.Width, raster.Height, raster.Pixels);
            output.WriteLine($"wrote {png.FullName}");
        }
    }
}
