using System.Diagnostics;
using System.Text;

namespace StreamAgg.Dev.Postgres;

/// <summary>The outcome of one finished command.</summary>
internal readonly record struct OsCommandResult(int ExitCode, string Output)
{
    public bool Succeeded => ExitCode == 0;
}

/// <summary>
/// Runs a PostgreSQL tool, as <c>runuser -u USER -- tool</c> when this process is root
/// (the server refuses to run as root), else directly.
/// </summary>
internal sealed class OsCommand(string? runAsUser, string workingDirectory)
{
    public async Task<OsCommandResult> RunAsync(string executable, IEnumerable<string> arguments, TimeSpan timeout, CancellationToken ct)
    {
        using var process = Start(executable, arguments, out var output);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            TryKill(process);
            if (ct.IsCancellationRequested)
                throw;
            return new OsCommandResult(-1, $"{Path.GetFileName(executable)} did not finish within {timeout}.\n{output}");
        }
        process.WaitForExit(); // flushes the asynchronous output readers
        return new OsCommandResult(process.ExitCode, output.ToString());
    }

    /// <summary>Synchronous twin for disposal from a ProcessExit handler, where nothing may be awaited.</summary>
    public OsCommandResult Run(string executable, IEnumerable<string> arguments, TimeSpan timeout)
    {
        using var process = Start(executable, arguments, out var output);
        if (!process.WaitForExit(timeout))
        {
            TryKill(process);
            return new OsCommandResult(-1, $"{Path.GetFileName(executable)} did not finish within {timeout}.\n{output}");
        }
        process.WaitForExit();
        return new OsCommandResult(process.ExitCode, output.ToString());
    }

    private Process Start(string executable, IEnumerable<string> arguments, out StringBuilder output)
    {
        var info = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            // The tools chdir nowhere themselves; a cwd the postgres user cannot read (/root) makes them warn or fail.
            WorkingDirectory = workingDirectory,
        };
        if (runAsUser is null)
        {
            info.FileName = executable;
        }
        else
        {
            info.FileName = "runuser";
            info.ArgumentList.Add("-u");
            info.ArgumentList.Add(runAsUser);
            info.ArgumentList.Add("--");
            info.ArgumentList.Add(executable);
        }
        foreach (var argument in arguments)
            info.ArgumentList.Add(argument);

        var collected = new StringBuilder();
        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Append(collected, e.Data);
        process.ErrorDataReceived += (_, e) => Append(collected, e.Data);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        output = collected;
        return process;
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
            return;
        lock (output)
            output.AppendLine(line);
    }

    private static void TryKill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }
}
