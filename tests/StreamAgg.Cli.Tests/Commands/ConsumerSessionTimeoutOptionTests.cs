using System.CommandLine;
using Xunit;
using StreamAgg.Cli.Commands;

namespace StreamAgg.Cli.Tests.Commands;

public sealed class ConsumerSessionTimeoutOptionTests
{
    [Fact]
    public void Read_NewSpelling_TakesItWithoutWarning()
    {
        var (timeout, warnings) = Read("--consumer-session-timeout-ms", "4000");

        Assert.Equal(TimeSpan.FromMilliseconds(4000), timeout);
        Assert.Empty(warnings);
    }

    [Fact]
    public void Read_OldSpelling_TakesItAndWarnsItIsDeprecated()
    {
        var (timeout, warnings) = Read("--session-timeout-ms", "3000");

        Assert.Equal(TimeSpan.FromMilliseconds(3000), timeout);
        Assert.Contains("--session-timeout-ms is deprecated, use --consumer-session-timeout-ms", warnings);
    }

    [Fact]
    public void Read_BothSpellings_TheNewOneWins()
    {
        var (timeout, warnings) = Read("--session-timeout-ms", "3000", "--consumer-session-timeout-ms", "4000");

        Assert.Equal(TimeSpan.FromMilliseconds(4000), timeout);
        Assert.Contains("deprecated", warnings);
    }

    [Fact]
    public void Read_Neither_TenSeconds()
    {
        var (timeout, warnings) = Read();

        Assert.Equal(TimeSpan.FromSeconds(10), timeout);
        Assert.Empty(warnings);
    }

    [Fact]
    public void Help_ListsOnlyTheNewSpelling()
    {
        var command = new Command("process");
        new ConsumerSessionTimeoutOption("test").AddTo(command);
        using var output = new StringWriter();

        new RootCommand { command }.Parse(["process", "--help"]).Invoke(new InvocationConfiguration { Output = output });

        Assert.Contains("--consumer-session-timeout-ms", output.ToString());
        Assert.DoesNotContain(" --session-timeout-ms", output.ToString());
    }

    private static (TimeSpan Timeout, string Warnings) Read(params string[] arguments)
    {
        var option = new ConsumerSessionTimeoutOption("test");
        var command = new RootCommand();
        option.AddTo(command);
        var parse = command.Parse(arguments);
        Assert.Empty(parse.Errors);
        using var warnings = new StringWriter();
        var timeout = option.Read(parse, warnings);
        return (timeout, warnings.ToString());
    }
}
