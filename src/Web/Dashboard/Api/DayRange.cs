using System.Globalization;
using Microsoft.AspNetCore.Http;
using StreamAgg.Sink.Heatmap;

namespace StreamAgg.Web.Dashboard.Api;

/// <summary>
/// The range of UTC days a request asks about: <c>window=last-N-days</c>, or <c>from</c> and
/// <c>to</c> (YYYY-MM-DD, both included), never both. A window ends at the video's newest day for
/// the video page and at today for the overview.
/// </summary>
internal sealed record DayRange(HeatmapWindow? Window, DateOnly From, DateOnly To)
{
    /// <summary>The longest range accepted: ten years, as for standard windows.</summary>
    public const int MaxDays = 3660;

    /// <summary>Reads the range of <paramref name="query"/>, or <paramref name="defaultWindow"/> when it names none.</summary>
    /// <exception cref="ApiProblem">400: a malformed or impossible range.</exception>
    public static DayRange Read(IQueryCollection query, HeatmapWindow defaultWindow, DateOnly windowEnd)
    {
        var window = Single(query, "window");
        var from = Single(query, "from");
        var to = Single(query, "to");
        if (window is not null)
        {
            if (from is not null || to is not null)
                throw ApiProblem.BadRequest("Give either window or from/to, not both.");
            HeatmapWindow parsed;
            try
            {
                parsed = HeatmapWindow.Parse(window);
            }
            catch (FormatException e)
            {
                throw ApiProblem.BadRequest($"window: {e.Message}");
            }
            return Of(parsed, windowEnd);
        }

        if (from is null && to is null)
            return Of(defaultWindow, windowEnd);
        if (from is null || to is null)
            throw ApiProblem.BadRequest("Give both from and to (YYYY-MM-DD, UTC days, both included), or a window.");
        var first = Day("from", from);
        var last = Day("to", to);
        if (last < first)
            throw ApiProblem.BadRequest($"to ({to}) is before from ({from}).");
        if (last.DayNumber - first.DayNumber + 1 > MaxDays)
            throw ApiProblem.BadRequest($"The range is longer than {MaxDays} days.");
        return new DayRange(null, first, last);
    }

    /// <summary>Reads an integer parameter in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    /// <exception cref="ApiProblem">400: not an integer, or out of range.</exception>
    public static int Integer(IQueryCollection query, string name, int defaultValue, int min, int max)
    {
        var text = Single(query, name);
        if (text is null)
            return defaultValue;
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
            throw ApiProblem.BadRequest($"{name}: expected a whole number from {min} to {max}, got '{text}'.");
        return value;
    }

    private static DayRange Of(HeatmapWindow window, DateOnly end)
    {
        var (from, to) = window.Range(end);
        return new DayRange(window, from, to);
    }

    private static DateOnly Day(string name, string text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) && day.Year is >= 2000 and < 2100
            ? day
            : throw ApiProblem.BadRequest($"{name}: expected a UTC day YYYY-MM-DD between 2000-01-01 and 2099-12-31, got '{text}'.");

    private static string? Single(IQueryCollection query, string name)
    {
        if (!query.TryGetValue(name, out var values))
            return null;
        if (values.Count != 1 || string.IsNullOrEmpty(values[0]))
            throw ApiProblem.BadRequest($"{name}: give it once, with a value.");
        return values[0];
    }
}
