using System.Diagnostics.CodeAnalysis;

namespace StreamAgg.Core.Engagement;

/// <summary>Throws out of line, so hot methods stay small and inlinable.</summary>
internal static class ThrowHelper
{
    [DoesNotReturn]
    public static void ThrowUnknownKey(in EngagementKey key) =>
        throw new KeyNotFoundException($"No engagement state for {key}.");

    [DoesNotReturn]
    public static void ThrowBadState(string message) =>
        throw new InvalidDataException(message);
}
