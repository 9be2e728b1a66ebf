namespace StreamAgg.Processor.Runtime;

/// <summary>
/// Copies of restored changelog records, packed into large arrays. A restoration keeps hundreds
/// of thousands of records (dormant key states): as separate arrays each one survives young
/// collections and is copied by the GC twice on its way to the oldest generation, which under
/// load paused the restoring thread for a good part of a restoration. A slab is one large-object
/// array, allocated old and never moved.
/// </summary>
/// <remarks>
/// A slab lives as long as any record in it is held, so memory is the records' size (plus at
/// most one record's worth of unused tail per slab) until every key in a slab was rewritten.
/// Not thread-safe: one per restoring consumer (<see cref="SlabDeserializer"/>).
/// </remarks>
internal sealed class RecordSlabs(int slabBytes = RecordSlabs.DefaultSlabBytes)
{
    /// <summary>Past the large-object threshold (85,000 bytes), so a slab is never moved.</summary>
    public const int DefaultSlabBytes = 1 << 20;

    private byte[] _slab = [];
    private int _used;

    /// <summary>A copy of <paramref name="record"/> that stays valid and unchanged for as long as it is held.</summary>
    public ReadOnlyMemory<byte> Copy(ReadOnlySpan<byte> record)
    {
        if (record.Length > slabBytes / 8)
        {
            // A large record gets its own array, so it never strands a slab's tail.
            return record.ToArray();
        }

        if (_slab.Length - _used < record.Length)
        {
            _slab = GC.AllocateUninitializedArray<byte>(slabBytes);
            _used = 0;
        }

        var copy = _slab.AsMemory(_used, record.Length);
        record.CopyTo(copy.Span);
        _used += record.Length;
        return copy;
    }
}
