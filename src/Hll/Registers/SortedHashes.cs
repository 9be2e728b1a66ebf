namespace StreamAgg.Hll.Registers;

/// <summary>
/// The EXPLICIT set: distinct hashes kept sorted as signed 64-bit integers (the order
/// postgresql-hll writes them in), in an array that doubles as it fills.
/// </summary>
internal static class SortedHashes
{
    private const int InitialCapacity = 4;

    /// <summary>The index of <paramref name="hash"/>, or the complement of where it would go.</summary>
    public static int Find(long[] items, int count, long hash) => items.AsSpan(0, count).BinarySearch(hash);

    /// <summary>
    /// Inserts <paramref name="hash"/> at <paramref name="insertAt"/> (the complement of a failed
    /// <see cref="Find"/>), growing the array by doubling, never beyond <paramref name="capacityLimit"/>.
    /// </summary>
    public static void Insert(ref long[] items, ref int count, int insertAt, long hash, int capacityLimit)
    {
        if (count == items.Length)
        {
            int grown = Math.Min(Math.Max(items.Length * 2, InitialCapacity), Math.Max(capacityLimit, count + 1));
            Array.Resize(ref items, grown);
        }

        Array.Copy(items, insertAt, items, insertAt + 1, count - insertAt);
        items[insertAt] = hash;
        count++;
    }
}
