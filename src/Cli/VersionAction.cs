using System.CommandLine;
using System.CommandLine.Invocation;
using System.Reflection;
using StreamAgg.Kafka.Native;

namespace StreamAgg.Cli;

/// <summary>
/// <c>--version</c>: StreamAgg's version and the librdkafka this process loads (its version and
/// file), so a wrong native library shows here rather than at the first Kafka call.
/// </summary>
internal sealed class VersionAction : SynchronousCommandLineAction
{
    public override int Invoke(ParseResult parseResult)
    {
        var output = parseResult.InvocationConfiguration.Output;
        var version = typeof(VersionAction).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
        output.WriteLine($"streamagg {version}");
        output.WriteLine(LibRdKafkaLine());
        return 0;
    }

    /// <summary>"librdkafka VERSION (FILE)"; throws what <see cref="LibRdKafkaLibrary.EnsureLoaded"/> throws.</summary>
    public static string LibRdKafkaLine() => $"librdkafka {LibRdKafkaLibrary.VersionString} ({LibRdKafkaLibrary.FilePath})";

    /// <summary>Replaces the root command's default version action with this one.</summary>
    public static void Install(RootCommand root)
    {
        foreach (var option in root.Options.OfType<VersionOption>())
        {
            option.Action = new VersionAction();
        }
    }
}
