using System.Reflection;
using System.Runtime.InteropServices;
using Confluent.Kafka;

namespace StreamAgg.Kafka.Native;

/// <summary>
/// The one librdkafka of this process, shared by Confluent.Kafka and by any assembly that calls
/// librdkafka's C API itself (the embedded cluster's mock-broker P/Invoke): both bind to the same
/// file, so they agree on its version and share its state. Loads on first use and fails fast with
/// a message that says what to do when the file is missing, does not load, or is too old.
/// </summary>
public static class LibRdKafkaLibrary
{
    /// <summary>The library name for <c>[LibraryImport]</c> in assemblies passed to <see cref="ResolveImportsOf"/>.</summary>
    public const string ImportName = "rdkafka";

    /// <summary>The oldest librdkafka StreamAgg runs on: what Confluent.Kafka 2.16's package brings (2.15.1 works too).</summary>
    public static readonly Version MinimumVersion = new(2, 15, 0);

    private static readonly Lazy<LoadedLibrary> Loaded = new(Load);
    private static readonly HashSet<Assembly> ResolvedAssemblies = [];
    private static readonly Lock Gate = new();

    // Set once the file is loaded, before Confluent.Kafka binds: its first import resolves here
    // while Loaded is still being created.
    private static IntPtr _handle;

    /// <summary>The file loaded.</summary>
    public static string FilePath => Loaded.Value.Path;

    /// <summary>librdkafka's own version string, for example "2.16.0".</summary>
    public static string VersionString => Loaded.Value.VersionString;

    /// <summary>Loads the library (once) and points Confluent.Kafka at it. Call before creating any Kafka client.</summary>
    /// <exception cref="DllNotFoundException">No usable librdkafka: the message says which files were tried and what to do.</exception>
    public static void EnsureLoaded() => _ = Loaded.Value;

    /// <summary>
    /// Makes <paramref name="assembly"/>'s <c>[LibraryImport(ImportName)]</c> declarations bind to
    /// the loaded file. Idempotent.
    /// </summary>
    public static void ResolveImportsOf(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        EnsureLoaded();
        lock (Gate)
        {
            if (ResolvedAssemblies.Add(assembly))
            {
                NativeLibrary.SetDllImportResolver(assembly, Resolve);
            }
        }
    }

    private static LoadedLibrary Load()
    {
        var candidates = LibRdKafkaFile.Candidates();
        var failures = new List<string>();
        foreach (var path in candidates)
        {
            if (!File.Exists(path))
            {
                failures.Add($"{path}: no such file");
                continue;
            }

            if (!NativeLibrary.TryLoad(path, out var handle))
            {
                failures.Add($"{path}: {LoadError(path)}");
                continue;
            }

            var library = new LoadedLibrary(path, handle, VersionOf(handle));
            if (library.Version < MinimumVersion)
            {
                throw new DllNotFoundException(
                    $"librdkafka at {path} is version {library.VersionString}; StreamAgg needs {MinimumVersion.ToString(3)} or newer. "
                    + $"Unset {LibRdKafkaFile.PathVariable} or point it at a newer librdkafka (./scripts/setup.sh restores the one Confluent.Kafka brings).");
            }

            Volatile.Write(ref _handle, handle);
            BindConfluentKafka(library);
            return library;
        }

        throw new DllNotFoundException(
            "No usable librdkafka (" + string.Join("; ", failures) + "). "
            + "Run ./scripts/setup.sh to restore and build (librdkafka.redist puts the library in the build output's runtimes/ folder), "
            + $"or set {LibRdKafkaFile.PathVariable} to a librdkafka {MinimumVersion.ToString(2)}+ shared library.");
    }

    // Every DllImport of Confluent.Kafka's (librdkafka, centos8-librdkafka, ...) resolves to our
    // file, so it never probes the system for another one. Library.Load(path) would do the same
    // through dlopen, but it reaches dlopen as "libdl", which .NET finds only where libc6-dev is
    // installed. Reading Library.Version initialises Confluent.Kafka now, through the resolver,
    // and shows that it bound to this file.
    private static void BindConfluentKafka(LoadedLibrary library)
    {
        lock (Gate)
        {
            var confluent = typeof(Library).Assembly;
            if (ResolvedAssemblies.Add(confluent))
            {
                NativeLibrary.SetDllImportResolver(confluent, Resolve);
            }
        }

        var bound = Library.Version;
        var expected = (library.Version.Major << 24) | (library.Version.Minor << 16) | (library.Version.Build << 8);
        if ((bound & ~0xff) != expected)
        {
            throw new DllNotFoundException(
                $"Confluent.Kafka bound to librdkafka 0x{bound:x8}, not to {library.Path} ({library.VersionString}): "
                + "something loaded librdkafka before StreamAgg could choose the file. Create Kafka clients only after LibRdKafkaLibrary.EnsureLoaded().");
        }
    }

    private static IntPtr Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath) =>
        libraryName == ImportName || libraryName.Contains("librdkafka", StringComparison.Ordinal)
            ? Volatile.Read(ref _handle)
            : IntPtr.Zero;

    private static Version VersionOf(IntPtr handle)
    {
        // rd_kafka_version(): 0xMMmmrrxx (major, minor, revision, pre-release).
        var versionFunction = NativeLibrary.GetExport(handle, "rd_kafka_version");
        int packed;
        unsafe
        {
            packed = ((delegate* unmanaged<int>)versionFunction)();
        }

        return new Version((packed >> 24) & 0xff, (packed >> 16) & 0xff, (packed >> 8) & 0xff);
    }

    private static string LoadError(string path)
    {
        try
        {
            NativeLibrary.Free(NativeLibrary.Load(path));
            return "loads on retry";
        }
        catch (DllNotFoundException e)
        {
            // The loader's last line names the missing dependency (for example libsasl2.so.3).
            return e.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[^1];
        }
        catch (BadImageFormatException e)
        {
            return e.Message;
        }
    }

    private sealed record LoadedLibrary(string Path, IntPtr Handle, Version Version)
    {
        public string VersionString => Version.ToString(3);
    }
}
