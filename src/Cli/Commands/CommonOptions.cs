using System.CommandLine;

namespace StreamAgg.Cli.Commands;

/// <summary>Options several commands share, spelled the same everywhere.</summary>
internal static class CommonOptions
{
    public static Option<string> Bootstrap(bool required) => new("--bootstrap")
    {
        Description = "Kafka bootstrap servers, HOST:PORT[,HOST:PORT…].",
        Required = required,
    };

    public static Option<string?> TopicsFile() => new("--topics-file")
    {
        Description = "The topic catalog (default: topics.yaml of this repository, else the built-in copy).",
    };

    public static Option<string?> Postgres() => new("--postgres")
    {
        Description = "PostgreSQL connection string (default: $STREAMAGG_POSTGRES).",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("STREAMAGG_POSTGRES"),
    };
}
