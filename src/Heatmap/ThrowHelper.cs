using System.Diagnostics.CodeAnalysis;

namespace StreamAgg.Heatmap;

internal static class ThrowHelper
{
    [DoesNotReturn]
    public static void BadInterval(double from, double to) =>
        throw new ArgumentOutOfRangeException(nameof(from),
            $"A credited interval needs finite positions with 0 <= from and to below {Accumulation.SecondPage.MaxSecond}; got [{from}, {to}).");

    [DoesNotReturn]
    public static void Format(string message) => throw new FormatException(message);
}
