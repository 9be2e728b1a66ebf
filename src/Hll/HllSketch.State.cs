namespace StreamAgg.Hll;

public sealed partial class HllSketch
{
    /// <summary>
    /// The sketch's registers as postgresql-hll would hold them once promoted (an EXPLICIT
    /// sketch's hashes applied as register updates; zeros when empty), and its hashes while EXPLICIT.
    /// </summary>
    /// <param name="registers">Receives 2^log2m registers, one byte each.</param>
    /// <param name="hasRegisters">Whether the sketch holds registers (SPARSE or FULL).</param>
    /// <returns>The sorted hashes while EXPLICIT (empty when EMPTY); default when the sketch holds registers.</returns>
    internal ReadOnlySpan<long> CopyState(Span<byte> registers, out bool hasRegisters)
    {
        hasRegisters = _registers is not null;
        if (_registers is { } own)
        {
            own.CopyTo(registers);
            return default;
        }

        registers.Clear();
        if (_explicit is null)
        {
            return [];
        }

        var hashes = _explicit.AsSpan(0, _explicitCount);
        foreach (long hash in hashes)
        {
            if (HllRegisterSum.TryGetRegister(hash, Settings, out int index, out int value) && registers[index] < value)
            {
                registers[index] = (byte)value;
            }
        }

        return hashes;
    }
}
