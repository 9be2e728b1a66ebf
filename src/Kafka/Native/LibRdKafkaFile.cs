using System.Runtime.InteropServices;

namespace StreamAgg.Kafka.Native;

/// <summary>
/// Which librdkafka file this process loads: the one named by STREAMAGG_LIBRDKAFKA, else the one
/// librdkafka.redist (Confluent.Kafka's native package) copies into the application's
/// <c>runtimes/RID/native/</c> folder.
/// </summary>
/// <remarks>
/// On linux-x64 the package's default <c>librdkafka.so</c> is linked against libsasl2.so.3, which
/// Debian 12 lacks; its <c>centos8-librdkafka.so</c> needs only what every glibc system has, so it
/// comes first. The file is named explicitly because a library found by name could be another
/// librdkafka (for example Debian's 2.0.2), which Confluent.Kafka 2.x cannot run on.
/// </remarks>
public static class LibRdKafkaFile
{
    /// <summary>The environment variable that names a librdkafka file to load instead of the package's.</summary>
    public const string PathVariable = "STREAMAGG_LIBRDKAFKA";

    /// <summary>The files to try, in order, for this process.</summary>
    public static IReadOnlyList<string> Candidates() =>
        Environment.GetEnvironmentVariable(PathVariable) is { } configured && !string.IsNullOrWhiteSpace(configured)
            ? [configured.Trim()]
            : Candidates(AppContext.BaseDirectory, RuntimeIdentifier(), NativeFileNames());

    /// <summary>The package's files for <paramref name="runtimeIdentifier"/> under <paramref name="baseDirectory"/>, in order.</summary>
    public static IReadOnlyList<string> Candidates(string baseDirectory, string runtimeIdentifier, IReadOnlyList<string> fileNames)
    {
        ArgumentNullException.ThrowIfNull(fileNames);
        var folder = Path.Combine(baseDirectory, "runtimes", runtimeIdentifier, "native");
        return fileNames.Select(name => Path.Combine(folder, name)).ToList();
    }

    // The runtimes/ folder names librdkafka.redist uses (its portable RIDs, not the OS's own).
    private static string RuntimeIdentifier()
    {
        var os = OperatingSystem.IsWindows() ? "win" : OperatingSystem.IsMacOS() ? "osx" : "linux";
        var architecture = RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant();
        return $"{os}-{architecture}";
    }

    private static string[] NativeFileNames()
    {
        if (OperatingSystem.IsWindows())
        {
            return ["librdkafka.dll"];
        }

        if (OperatingSystem.IsMacOS())
        {
            return ["librdkafka.dylib"];
        }

        return RuntimeInformation.ProcessArchitecture == Architecture.X64
            ? ["centos8-librdkafka.so", "librdkafka.so"]
            : ["librdkafka.so"];
    }
}
