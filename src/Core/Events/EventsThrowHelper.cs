using System.Diagnostics.CodeAnalysis;

namespace StreamAgg.Core.Events;

/// <summary>Throws for the event code, so that the callers stay small and inlinable.</summary>
internal static class EventsThrowHelper
{
    [DoesNotReturn]
    public static T ThrowArgumentOutOfRange<T>(string paramName, object? value) =>
        throw new ArgumentOutOfRangeException(paramName, value, null);

    [DoesNotReturn]
    public static void ThrowArgumentOutOfRange(string paramName, object? value) =>
        throw new ArgumentOutOfRangeException(paramName, value, null);
}
