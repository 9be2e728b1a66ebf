using System.Diagnostics;

namespace StreamAgg.Dev.Postgres;

/// <summary>
/// Removes clusters left behind by processes that died without disposing them (SIGKILL, a crashed
/// test host). The postmaster of such a cluster outlives its owner, so it is stopped first.
/// </summary>
internal static class StaleClusterSweep
{
    public static void Run(string tempRoot, string pgCtl, OsCommand asOwner, TimeSpan timeout)
    {
        string[] candidates;
        try
        {
            candidates = Directory.GetDirectories(tempRoot, ClusterDirectory.Prefix + "*");
        }
        catch (IOException)
        {
            return;
        }
        catch (UnauthorizedAccessException)
        {
            return;
        }

        foreach (var path in candidates)
        {
            var pid = ClusterDirectory.OwnerPid(Path.GetFileName(path));
            if (pid is null || OwnerAlive(pid.Value, Directory.GetCreationTimeUtc(path)))
                continue;
            var cluster = ClusterDirectory.Existing(path);
            if (File.Exists(cluster.PostmasterPidFile))
                asOwner.Run(pgCtl, ["stop", "-D", cluster.Data, "-m", "immediate", "-w", "-t", "30"], timeout);
            cluster.Delete();
        }
    }

    private static bool OwnerAlive(int pid, DateTime createdUtc)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            // A process started after the directory was made is a reuse of the pid, not its owner.
            return process.StartTime.ToUniversalTime() <= createdUtc.AddSeconds(1);
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
