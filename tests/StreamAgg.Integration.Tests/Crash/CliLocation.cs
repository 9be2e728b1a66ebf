using System.Reflection;

namespace StreamAgg.Integration.Tests.Crash;

/// <summary>
/// Where the built <c>streamagg</c> CLI is: the test project references the CLI project (so a
/// build of the tests builds it first) and records its output path at build time.
/// </summary>
internal static class CliLocation
{
    public static string Dll { get; } = Find();

    private static string Find()
    {
        var path = typeof(CliLocation).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .SingleOrDefault(a => a.Key == "StreamAggCli")?.Value
            ?? throw new InvalidOperationException("The test assembly does not record where the CLI is built (AssemblyMetadata StreamAggCli).");
        var full = Path.GetFullPath(path);
        return File.Exists(full)
            ? full
            : throw new FileNotFoundException($"The streamagg CLI is not built at {full}: build the solution (dotnet build StreamAgg.sln -c Release) first.", full);
    }
}
