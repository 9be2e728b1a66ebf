using System.Diagnostics;
using System.Globalization;

namespace StreamAgg.Dev.Cli.Demo;

/// <summary>
/// A real video file for the demo's player page and the browser tests: ffmpeg's test pattern
/// (moving colour bars with a clock) encoded as VP8 in WebM, which every browser plays. Made at
/// run time with Debian's ffmpeg (scripts/setup.sh installs it), so no video is committed.
/// </summary>
internal static class DemoVideo
{
    /// <summary>
    /// Encodes <paramref name="seconds"/> of video into <paramref name="path"/>, with a keyframe
    /// every second so that seeks land exactly.
    /// </summary>
    public static async Task CreateAsync(string path, int seconds, int width = 480, int height = 270, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(seconds, 1);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var partial = path + ".partial.webm";
        const int FramesPerSecond = 15;
        var start = new ProcessStartInfo("ffmpeg")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "-hide_banner", "-loglevel", "error", "-nostdin", "-y",
            "-f", "lavfi", "-i", string.Create(CultureInfo.InvariantCulture, $"testsrc=size={width}x{height}:rate={FramesPerSecond}:duration={seconds}"),
            "-c:v", "libvpx", "-deadline", "realtime", "-cpu-used", "16", "-b:v", "300k",
            "-g", FramesPerSecond.ToString(CultureInfo.InvariantCulture), "-an", partial,
        })
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("ffmpeg did not start");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("ffmpeg is missing: ./scripts/setup.sh installs it (Debian's ffmpeg)", e);
        }

        using (process)
        {
            var errors = process.StandardError.ReadToEndAsync(ct);
            await process.StandardOutput.ReadToEndAsync(ct);
            await process.WaitForExitAsync(ct);
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"ffmpeg failed ({process.ExitCode}): {(await errors).Trim()}");
            }
        }

        // Renamed only once complete: a cached file is never half written.
        File.Move(partial, path, overwrite: true);
    }
}
