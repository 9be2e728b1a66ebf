using System.Text;

namespace StreamAgg.Core.Events;

/// <summary>
/// A bounded cache from UTF-8 bytes to strings, so that parsing the same user, video or
/// session id again returns the same string instance and allocates nothing. Not thread-safe:
/// give each parsing thread its own pool.
/// </summary>
/// <remarks>
/// A 4-way set-associative table of fixed size: a lookup probes the four slots of one set, and
/// a miss fills a free slot or evicts one in rotation. Memory stays bounded whatever the input;
/// an evicted id is simply allocated again the next time it is seen (equal by value, not by
/// reference). Values longer than <see cref="MaxPooledLength"/> bytes are never pooled, so that
/// one huge title cannot pin memory.
/// </remarks>
public sealed class Utf8StringPool
{
    /// <summary>Longest value, in UTF-8 bytes, that is pooled; longer ones are allocated each time.</summary>
    public const int MaxPooledLength = 512;

    private const int Ways = 4;

    private readonly Entry[] _entries;
    private readonly int _setMask;
    private int _victim;

    /// <summary>Creates a pool holding at most <paramref name="capacity"/> strings (rounded up to a power of two, at least 4).</summary>
    public Utf8StringPool(int capacity = 8192)
    {
        if (capacity < 1)
        {
            EventsThrowHelper.ThrowArgumentOutOfRange(nameof(capacity), capacity);
        }

        int slots = (int)Math.Max(Ways, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)capacity));
        _entries = new Entry[slots];
        _setMask = (slots / Ways) - 1;
    }

    /// <summary>How many strings the pool can hold.</summary>
    public int Capacity => _entries.Length;

    /// <summary>How many strings the pool holds now.</summary>
    public int Count { get; private set; }

    /// <summary>
    /// Returns the string for <paramref name="utf8"/>: the pooled instance when the same bytes
    /// were seen before and not evicted, else a new string (pooled when short enough).
    /// Invalid UTF-8 is decoded with replacement characters.
    /// </summary>
    public string GetOrAdd(ReadOnlySpan<byte> utf8)
    {
        if (utf8.IsEmpty)
        {
            return string.Empty;
        }

        if (utf8.Length > MaxPooledLength)
        {
            return Encoding.UTF8.GetString(utf8);
        }

        ulong hash = StableHash64.Compute(utf8);
        int first = ((int)hash & _setMask) * Ways;
        int free = -1;
        for (int i = first; i < first + Ways; i++)
        {
            ref Entry entry = ref _entries[i];
            if (entry.Utf8 is null)
            {
                free = free < 0 ? i : free;
            }
            else if (entry.Hash == hash && utf8.SequenceEqual(entry.Utf8))
            {
                return entry.Value!;
            }
        }

        return Add(utf8, hash, first, free);
    }

    private string Add(ReadOnlySpan<byte> utf8, ulong hash, int first, int free)
    {
        int slot = free;
        if (slot < 0)
        {
            slot = first + _victim;
            _victim = (_victim + 1) & (Ways - 1);
        }
        else
        {
            Count++;
        }

        string value = Encoding.UTF8.GetString(utf8);
        _entries[slot] = new Entry(hash, utf8.ToArray(), value);
        return value;
    }

    private readonly record struct Entry(ulong Hash, byte[]? Utf8, string? Value);
}
