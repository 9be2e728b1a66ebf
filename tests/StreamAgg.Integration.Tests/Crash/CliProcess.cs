using System.Diagnostics;

namespace StreamAgg.Integration.Tests.Crash;

/// <summary>
/// One <c>streamagg</c> command running as a child OS process (<c>dotnet streamagg.dll …</c>),
/// its output kept for failure messages. <see cref="Kill"/> is kill -9; <see cref="Terminate"/> is SIGTERM;
/// <see cref="Pause"/> and <see cref="Resume"/> are SIGSTOP and SIGCONT.
/// </summary>
internal sealed class CliProcess : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _log = [];

    private CliProcess(string name, Process process)
    {
        Name = name;
        _process = process;
    }

    public string Name { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public static CliProcess Start(string name, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (variable, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[variable] = value;
        }

        info.ArgumentList.Add(CliLocation.Dll);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = info };
        var started = new CliProcess(name, process);
        process.OutputDataReceived += (_, e) => started.Append(e.Data);
        process.ErrorDataReceived += (_, e) => started.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return started;
    }

    /// <summary>kill -9: no shutdown code runs, whatever the process was doing.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        _process.WaitForExit();
    }

    /// <summary>SIGTERM: the process is asked to stop gracefully.</summary>
    public void Terminate() => PosixSignal.Send(_process.Id, PosixSignal.Terminate);

    /// <summary>SIGSTOP: every thread stops where it is, as in a long pause of the machine, until <see cref="Resume"/>.</summary>
    public void Pause() => PosixSignal.Send(_process.Id, PosixSignal.Stop);

    /// <summary>SIGCONT after <see cref="Pause"/>.</summary>
    public void Resume() => PosixSignal.Send(_process.Id, PosixSignal.Continue);

    /// <summary>Waits for the process to end; false when it is still running after <paramref name="patience"/>.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan patience)
    {
        using var limit = new CancellationTokenSource(patience);
        try
        {
            await _process.WaitForExitAsync(limit.Token);
            // The output readers finish after the process: this waits for them.
            _process.WaitForExit();
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public bool LogContains(string text)
    {
        lock (_log)
        {
            return _log.Any(l => l.Contains(text, StringComparison.Ordinal));
        }
    }

    public string Tail(int lines)
    {
        lock (_log)
        {
            return string.Join("\n", _log.Skip(Math.Max(0, _log.Count - lines)).Select(l => $"  [{Name}] {l}"));
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.Add(line);
        }
    }

    public void Dispose()
    {
        Kill();
        if (Environment.GetEnvironmentVariable("STREAMAGG_CRASH_LOGS") is { Length: > 0 } directory)
        {
            lock (_log)
            {
                File.WriteAllLines(Path.Combine(directory, $"{Name}-{_process.Id}.log"), _log);
            }
        }

        _process.Dispose();
    }
}
