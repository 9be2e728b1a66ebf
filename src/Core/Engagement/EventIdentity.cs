using System.Runtime.CompilerServices;
using StreamAgg.Core.Events;

namespace StreamAgg.Core.Engagement;

/// <summary>
/// The duplicate identity of SEMANTICS.md §2 as a 64-bit hash: the eventId hash when present,
/// else a hash of (timestamp, eventName, currentTime, sessionId). Deterministic across processes
/// (no randomized string hashing) because it is persisted with the key state. The two cases are
/// salted differently so an eventId hash never meets a tuple hash; 0 is reserved for "empty".
/// </summary>
internal static class EventIdentity
{
    private const ulong EventIdSalt = 0x9E3779B97F4A7C15UL;
    private const ulong TupleSalt = 0xC2B2AE3D27D4EB4FUL;

    public static ulong Of(in PlayerEvent evt)
    {
        ulong h;
        if (evt.HasEventId)
        {
            h = Mix(evt.EventIdHash ^ EventIdSalt);
        }
        else
        {
            h = Mix((ulong)evt.TimestampMs ^ TupleSalt);
            h = Mix(h ^ (ulong)evt.Kind);
            h = Mix(h ^ (ulong)BitConverter.DoubleToInt64Bits(evt.CurrentTime + 0.0));
            h = Mix(h ^ HashString(evt.SessionId));
        }

        return h == 0 ? 1 : h;
    }

    /// <summary>FNV-1a over UTF-16 code units; null and empty hash differently.</summary>
    private static ulong HashString(string? s)
    {
        if (s is null)
        {
            return 0x5bd1e995UL;
        }

        ulong h = 14695981039346656037UL;
        foreach (char c in s)
        {
            h = (h ^ c) * 1099511628211UL;
        }

        return h;
    }

    /// <summary>The SplitMix64 finalizer: every input bit affects every output bit.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
