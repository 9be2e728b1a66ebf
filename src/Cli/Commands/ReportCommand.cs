using System.CommandLine;
using Npgsql;
using StreamAgg.Cli.Reports;
using StreamAgg.Sink.Reports;

namespace StreamAgg.Cli.Commands;

/// <summary><c>streamagg report top-videos|power-users|dropoff</c>: the analysts' questions, answered on the sink's tables.</summary>
internal static class ReportCommand
{
    private const int MaxLimit = 100_000;

    public static Command Create()
    {
        var command = new Command("report", "Answer analysts' questions from the sink's PostgreSQL tables: top-videos, power-users, dropoff.");
        command.Subcommands.Add(Report("top-videos", "Top videos by unique viewers, with average watch and completion percentages.",
            async (reports, limit, _, ct) => ReportTables.TopVideos(await reports.TopVideosAsync(limit, ct))));
        command.Subcommands.Add(Report("power-users", "Viewers with at least one High-tier engagement.",
            async (reports, limit, _, ct) => ReportTables.PowerUsers(await reports.PowerUsersAsync(limit, ct))));
        command.Subcommands.Add(Report("dropoff", "Where viewers who never completed stopped, in 30-second buckets.",
            async (reports, _, video, ct) => DropoffText(await reports.DropoffAsync(video, ct), video)));
        return command;
    }

    private static Command Report(string name, string description, Func<EngagementReports, int, string?, CancellationToken, Task<string>> run)
    {
        var postgres = CommonOptions.Postgres();
        var limit = new Option<int>("--limit") { Description = $"At most this many rows (1 to {MaxLimit}).", DefaultValueFactory = _ => 20 };
        var video = new Option<string?>("--video") { Description = "Only this video (dropoff)." };
        var command = new Command(name, description) { postgres, limit, video };
        command.SetAction(async (parse, cancellation) =>
        {
            if (parse.GetValue(limit) is < 1 or > MaxLimit)
            {
                throw new UsageException($"--limit must be from 1 to {MaxLimit}, not {parse.GetValue(limit)}");
            }

            var connectionString = parse.GetValue(postgres)
                ?? throw new UsageException("no PostgreSQL: pass --postgres CONNECTION_STRING or set STREAMAGG_POSTGRES");
            await using var dataSource = NpgsqlDataSource.Create(connectionString);
            await parse.InvocationConfiguration.Output.WriteAsync(await run(new EngagementReports(dataSource), parse.GetValue(limit), parse.GetValue(video), cancellation));
            return 0;
        });
        return command;
    }

    private static string DropoffText(IReadOnlyList<DropoffReportRow> rows, string? video)
    {
        if (rows.Count > 0)
        {
            return ReportTables.Dropoff(rows);
        }

        // Say so rather than print nothing: an empty answer looks like a broken command.
        return video is null
            ? "No dropoff data: no viewer stopped a video before completing it (or nothing was sunk yet).\n"
            : $"No dropoff data for video \"{video}\": it has no data (unknown video id), or every viewer completed it.\n";
    }
}
