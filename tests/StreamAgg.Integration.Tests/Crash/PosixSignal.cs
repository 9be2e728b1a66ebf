using System.Runtime.InteropServices;

namespace StreamAgg.Integration.Tests.Crash;

/// <summary>
/// Sends a POSIX signal to a process: SIGTERM asks it to stop; SIGSTOP freezes every thread of it
/// until SIGCONT (Linux numbers); .NET's Process.Kill is SIGKILL.
/// </summary>
internal static partial class PosixSignal
{
    public const int Terminate = 15;
    public const int Continue = 18;
    public const int Stop = 19;

    public static void Send(int processId, int signal)
    {
        if (kill(processId, signal) != 0)
        {
            throw new InvalidOperationException($"kill({processId}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int sig);
}
