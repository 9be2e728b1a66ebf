using System.Globalization;

namespace StreamAgg.Sink.Heatmap;

/// <summary>
/// A standard window: the last <see cref="Days"/> UTC days of a video, ending at its newest day
/// with heatmap rows. Named <c>last-N-days</c>.
/// </summary>
/// <param name="Days">How many days, the newest included (1 or more).</param>
public sealed record HeatmapWindow(int Days)
{
    /// <summary>The windows the sink keeps by default: the last 7, 28 and 90 days.</summary>
    public static IReadOnlyList<HeatmapWindow> Standard { get; } = [new(7), new(28), new(90)];

    /// <summary>The window's name, <c>last-N-days</c>.</summary>
    public string Name => string.Create(CultureInfo.InvariantCulture, $"last-{Days}-days");

    /// <summary>The range of days the window covers when the video's newest day is <paramref name="newestDay"/>.</summary>
    public (DateOnly From, DateOnly To) Range(DateOnly newestDay) =>
        (newestDay.DayNumber - (Days - 1) < DateOnly.MinValue.DayNumber ? DateOnly.MinValue : newestDay.AddDays(-(Days - 1)), newestDay);

    /// <summary>Reads <c>last-N-days</c> (N from 1 to 3660).</summary>
    /// <exception cref="FormatException">Anything else.</exception>
    public static HeatmapWindow Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        const string prefix = "last-", suffix = "-days";
        if (name.StartsWith(prefix, StringComparison.Ordinal) && name.EndsWith(suffix, StringComparison.Ordinal)
            && int.TryParse(name.AsSpan(prefix.Length, Math.Max(0, name.Length - prefix.Length - suffix.Length)), NumberStyles.None, CultureInfo.InvariantCulture, out var days)
            && days is >= 1 and <= 3660)
        {
            return new HeatmapWindow(days);
        }
        throw new FormatException($"'{name}' is not a window: expected last-N-days, e.g. last-7-days, last-28-days, last-90-days.");
    }
}
