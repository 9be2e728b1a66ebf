using System.Reflection;
using System.Runtime.InteropServices;

namespace StreamAgg.Kafka.Embedded;

// Maps LibRdKafka.LibraryName to the installed librdkafka. Debian's runtime package ships only
// librdkafka.so.1 (the unversioned .so comes with -dev), so the versioned name is tried first.
// Failing here with our own message beats the runtime's DllNotFoundException listing probe paths.
internal static class LibRdKafkaLoader
{
    private static readonly string[] Candidates =
    [
        "librdkafka.so.1", "librdkafka.so", "librdkafka.1.dylib", "librdkafka.dylib", "librdkafka.dll", "librdkafka",
    ];

    private static readonly Lazy<IntPtr> Library = new(LoadOrThrow);

    public static void EnsureLoaded() => _ = Library.Value;

    private static IntPtr LoadOrThrow()
    {
        foreach (var candidate in Candidates)
        {
            if (NativeLibrary.TryLoad(candidate, out var library))
            {
                NativeLibrary.SetDllImportResolver(typeof(LibRdKafkaLoader).Assembly, Resolve);
                return library;
            }
        }

        throw new DllNotFoundException(
            "librdkafka is not installed (looked for " + string.Join(", ", Candidates) + "): "
            + "run ./scripts/setup.sh, or on Debian `apt-get install librdkafka1 librdkafka-dev`.");
    }

    private static IntPtr Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath) =>
        libraryName == LibRdKafka.LibraryName ? Library.Value : IntPtr.Zero;
}
