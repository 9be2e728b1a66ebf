namespace StreamAgg.Hll;

/// <summary>
/// The four parameters of a postgresql-hll sketch: <c>hll(log2m, regwidth, expthresh, sparseon)</c>.
/// Two sketches can be unioned only when all four are equal, as in PostgreSQL.
/// </summary>
/// <remarks>
/// Accepted ranges are those postgresql-hll 2.17 accepts on a 64-bit server: log2m 0..17
/// (its register array is capped at 128 KiB), regwidth 1..7 (PostgreSQL also takes 0, but the
/// header it then writes reads back as 8, so no sketch of width 0 survives a round trip),
/// expthresh −1 (auto), 0 (never explicit) or a power of two up to 8192.
/// </remarks>
public readonly record struct HllSettings
{
    /// <summary>The largest log2m postgresql-hll accepts.</summary>
    public const int MaxLog2m = 17;

    /// <summary>The largest register width postgresql-hll accepts.</summary>
    public const int MaxRegisterWidth = 7;

    /// <summary>The largest explicit threshold postgresql-hll accepts (a power of two below its 16383-element limit).</summary>
    public const long MaxExplicitThreshold = 8192;

    /// <summary>expthresh value meaning "as many hashes as fit in the size of the register array".</summary>
    public const long AutoExplicitThreshold = -1;

    /// <summary>Creates and validates settings.</summary>
    /// <param name="log2m">log2 of the register count, 0..17.</param>
    /// <param name="registerWidth">Bits per register, 1..7.</param>
    /// <param name="explicitThreshold">−1 (auto), 0, or a power of two up to 8192.</param>
    /// <param name="sparseEnabled">Whether registers may be written in the SPARSE layout.</param>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is outside what postgresql-hll accepts.</exception>
    public HllSettings(int log2m, int registerWidth, long explicitThreshold, bool sparseEnabled)
    {
        if (log2m is < 0 or > MaxLog2m)
        {
            throw new ArgumentOutOfRangeException(nameof(log2m), log2m, $"log2m must be between 0 and {MaxLog2m}.");
        }

        if (registerWidth is < 1 or > MaxRegisterWidth)
        {
            throw new ArgumentOutOfRangeException(nameof(registerWidth), registerWidth, $"regwidth must be between 1 and {MaxRegisterWidth}.");
        }

        if (explicitThreshold < AutoExplicitThreshold || explicitThreshold > MaxExplicitThreshold
            || (explicitThreshold > 0 && (explicitThreshold & (explicitThreshold - 1)) != 0))
        {
            throw new ArgumentOutOfRangeException(nameof(explicitThreshold), explicitThreshold,
                $"expthresh must be -1 (auto), 0, or a power of two up to {MaxExplicitThreshold}.");
        }

        Log2m = log2m;
        RegisterWidth = registerWidth;
        ExplicitThreshold = explicitThreshold;
        SparseEnabled = sparseEnabled;
    }

    /// <summary>StreamAgg's settings (SEMANTICS §7): log2m 14, regwidth 5, expthresh auto, sparse on.</summary>
    public static HllSettings Default { get; } = new(14, 5, AutoExplicitThreshold, true);

    /// <summary>log2 of the number of registers.</summary>
    public int Log2m { get; }

    /// <summary>Bits per register in the serialized form.</summary>
    public int RegisterWidth { get; }

    /// <summary>The explicit threshold as configured: −1 means auto (see <see cref="EffectiveExplicitThreshold"/>).</summary>
    public long ExplicitThreshold { get; }

    /// <summary>Whether registers may be serialized in the SPARSE layout.</summary>
    public bool SparseEnabled { get; }

    /// <summary>The number of registers, 2^log2m.</summary>
    public int RegisterCount => 1 << Log2m;

    /// <summary>The largest value a register holds, 2^regwidth − 1.</summary>
    public int MaxRegisterValue => (1 << RegisterWidth) - 1;

    /// <summary>
    /// How many distinct hashes stay EXPLICIT: the configured value, or with auto the number of
    /// 8-byte hashes that fit in the packed register array (1280 for (14, 5)).
    /// </summary>
    public int EffectiveExplicitThreshold => ExplicitThreshold == AutoExplicitThreshold
        ? (int)((((long)RegisterWidth * RegisterCount) + 7) / 8 / 8)
        : (int)ExplicitThreshold;

    /// <inheritdoc />
    public override string ToString() =>
        $"hll({Log2m}, {RegisterWidth}, {ExplicitThreshold}, {(SparseEnabled ? 1 : 0)})";
}
