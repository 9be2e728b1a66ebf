using System.CommandLine;
using Npgsql;
using StreamAgg.Cli.Commands;
using StreamAgg.Sink.Schema;
using Xunit;

namespace StreamAgg.Cli.Tests.Commands;

/// <summary><c>report</c> against the sink's tables in a real PostgreSQL.</summary>
public sealed class ReportCommandTests(PostgresServer postgres) : IClassFixture<PostgresServer>
{
    [Fact]
    public async Task Dropoff_UnknownVideo_SaysItHasNoDataInsteadOfPrintingNothing()
    {
        var connectionString = await postgres.CreateIsolatedSchemaAsync("report_cli");
        await using (var dataSource = NpgsqlDataSource.Create(connectionString))
        {
            await EngagementSchema.ApplyAsync(dataSource);
        }

        var root = new RootCommand { ReportCommand.Create() };
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await root.Parse(["report", "dropoff", "--postgres", connectionString, "--video", "nobody-watched"]).InvokeAsync(new InvocationConfiguration
        {
            Output = output,
            Error = error,
            EnableDefaultExceptionHandler = false,
        });

        Assert.Equal(0, exitCode);
        Assert.Equal("No dropoff data for video \"nobody-watched\": it has no data (unknown video id), or every viewer completed it.\n", output.ToString());
    }
}
