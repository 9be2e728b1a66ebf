using System.Globalization;

namespace StreamAgg.Dev.Postgres;

/// <summary>
/// The layout of one throwaway cluster: <c>TEMP/streamagg-pg-PID-RANDOM/{data,socket,server.log}</c>.
/// The owning pid in the name lets a later start recognise clusters whose owner died.
/// </summary>
internal sealed class ClusterDirectory
{
    public const string Prefix = "streamagg-pg-";

    private ClusterDirectory(string root)
    {
        Root = root;
    }

    public string Root { get; }
    public string Data => Path.Combine(Root, "data");
    public string Socket => Path.Combine(Root, "socket");
    public string Log => Path.Combine(Root, "server.log");
    public string PostmasterPidFile => Path.Combine(Data, "postmaster.pid");

    public static ClusterDirectory CreateNew(string tempRoot)
    {
        var unique = Guid.NewGuid().ToString("N")[..12];
        var name = string.Create(CultureInfo.InvariantCulture, $"{Prefix}{Environment.ProcessId}-{unique}");
        var directory = new ClusterDirectory(Path.Combine(tempRoot, name));
        Directory.CreateDirectory(directory.Root);
        Directory.CreateDirectory(directory.Socket);
        return directory;
    }

    public static ClusterDirectory Existing(string root) => new(root);

    /// <summary>The pid encoded in a cluster directory's name, or null if the name is not ours.</summary>
    public static int? OwnerPid(string directoryName)
    {
        if (!directoryName.StartsWith(Prefix, StringComparison.Ordinal))
            return null;
        var rest = directoryName.AsSpan(Prefix.Length);
        var dash = rest.IndexOf('-');
        if (dash <= 0)
            return null;
        return int.TryParse(rest[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : null;
    }

    /// <summary>The last lines of the server log, for error messages.</summary>
    public string LogTail(int lines = 30)
    {
        try
        {
            if (!File.Exists(Log))
                return "(no server log was written)";
            var all = File.ReadAllLines(Log);
            return string.Join('\n', all.Skip(Math.Max(0, all.Length - lines)));
        }
        catch (IOException e)
        {
            return $"(server log unreadable: {e.Message})";
        }
    }

    public void Delete()
    {
        try
        {
            if (Directory.Exists(Root))
                Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a dying server; a later start sweeps the directory.
        }
        catch (UnauthorizedAccessException)
        {
            // Same: left for the stale sweep.
        }
    }
}
