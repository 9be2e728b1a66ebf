namespace StreamAgg.Hll.Registers;

/// <summary>
/// The EXPLICIT set: distinct hashes kept sorted as signed 64-bit integers (the order
/// postgresql-hll writes them in), in an array that doubles as it fills.
/// </summary>
internal static class SortedHashes
{
    private const int InitialCapacity = 4;

    /// <summary>
    /// Inserts <paramref name="hash"/> unless present. Returns false when it was already there.
    /// The array grows up to <paramref name="capacityLimit"/> elements; the caller ensures the
    /// set is below that limit when the hash is new.
    /// </summary>
    public static bool Insert(ref long[] items, ref int count, long hash, int capacityLimit)
    {
        int index = Array.BinarySearch(items, 0, count, hash);
        if (index >= 0)
        {
            return false;
        }

        index = ~index;
        if (count == items.Length)
        {
            int grown = Math.Min(Math.Max(items.Length * 2, InitialCapacity), Math.Max(capacityLimit, count + 1));
            Array.Resize(ref items, grown);
        }

        Array.Copy(items, index, items, index + 1, count - index);
        items[index] = hash;
        count++;
        return true;
    }

    public static bool Contains(long[] items, int count, long hash) => Array.BinarySearch(items, 0, count, hash) >= 0;
}
