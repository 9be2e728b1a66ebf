using System.Runtime.CompilerServices;
using StreamAgg.Hll.Registers;

namespace StreamAgg.Hll;

/// <summary>
/// A HyperLogLog sketch that reads and writes the bytes of postgresql-hll 2.17 (schema
/// version 1), so PostgreSQL can merge what StreamAgg builds. It follows that extension's
/// multiset: EMPTY, then EXPLICIT (the distinct hashes, exact) up to the explicit threshold,
/// then registers; registers are written SPARSE or FULL, whichever postgresql-hll would pick.
/// </summary>
/// <remarks>Not thread-safe. Registers use one byte each in memory (16 KiB for log2m 14).</remarks>
public sealed partial class HllSketch
{
    private readonly int _log2m;
    private readonly int _maxRegisterValue;
    private readonly int _explicitLimit;

    // Exactly one state: both null (EMPTY), _explicit set (EXPLICIT), or _registers set.
    private long[]? _explicit;
    private int _explicitCount;
    private byte[]? _registers;
    private int _filled;

    /// <summary>Creates an empty sketch with StreamAgg's default settings (14, 5, −1, sparse on).</summary>
    public HllSketch()
        : this(HllSettings.Default)
    {
    }

    /// <summary>Creates an empty sketch.</summary>
    /// <param name="settings">The sketch parameters; <c>default(HllSettings)</c> is refused.</param>
    /// <exception cref="ArgumentException"><paramref name="settings"/> was never initialized.</exception>
    public HllSketch(HllSettings settings)
    {
        if (settings.RegisterWidth == 0)
        {
            throw new ArgumentException("Settings were never initialized; use HllSettings.Default or the constructor.", nameof(settings));
        }

        Settings = settings;
        _log2m = settings.Log2m;
        _maxRegisterValue = settings.MaxRegisterValue;
        _explicitLimit = settings.EffectiveExplicitThreshold;
    }

    /// <summary>The sketch parameters.</summary>
    public HllSettings Settings { get; }

    /// <summary>Whether no hash has been added (and none was read).</summary>
    public bool IsEmpty => _explicit is null && _registers is null;

    /// <summary>The representation the sketch is serialized as right now.</summary>
    public HllRepresentation Representation =>
        _registers is not null ? Serialization.RegisterLayout.Choose(_filled, Settings)
        : _explicit is not null ? HllRepresentation.Explicit
        : HllRepresentation.Empty;

    /// <summary>
    /// Adds a hash (from <see cref="HllHash"/>). Allocation-free once the sketch holds
    /// registers; while EXPLICIT its sorted array grows by doubling, up to the threshold.
    /// </summary>
    /// <param name="hash">The 64-bit hash of the element.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(long hash)
    {
        if (_registers is { } registers)
        {
            if (RegisterMath.Update(registers, _log2m, _maxRegisterValue, hash))
            {
                _filled++;
            }

            return;
        }

        AddToSet(hash);
    }

    /// <summary>
    /// The estimated number of distinct hashes: exact while EXPLICIT, else postgresql-hll's
    /// estimator (hll_cardinality), bit for bit.
    /// </summary>
    /// <returns>The estimate; 0 when empty.</returns>
    /// <exception cref="InvalidOperationException">The sketch has registers and log2m &lt; 4 (PostgreSQL refuses too).</exception>
    public double Cardinality()
    {
        if (_registers is { } registers)
        {
            return CardinalityEstimator.Estimate(registers, _log2m, Settings.RegisterWidth);
        }

        return _explicitCount;
    }

    /// <summary>Creates an independent copy.</summary>
    /// <returns>A sketch with the same settings and contents.</returns>
    public HllSketch Clone()
    {
        var copy = new HllSketch(Settings);
        copy.CopyFrom(this);
        return copy;
    }

    private void AddToSet(long hash)
    {
        if (_explicit is null && _explicitLimit > 0)
        {
            _explicit = new long[Math.Min(4, _explicitLimit)];
        }

        if (_explicit is { } items)
        {
            int index = SortedHashes.Find(items, _explicitCount, hash);
            if (index >= 0)
            {
                return;
            }

            if (_explicitCount < _explicitLimit)
            {
                SortedHashes.Insert(ref _explicit, ref _explicitCount, ~index, hash, _explicitLimit);
                return;
            }
        }

        // A new distinct hash beyond the threshold (or a threshold of 0): switch to registers.
        PromoteToRegisters();
        Add(hash);
    }

    private void PromoteToRegisters()
    {
        var registers = new byte[Settings.RegisterCount];
        int filled = 0;
        for (int i = 0; i < _explicitCount; i++)
        {
            if (RegisterMath.Update(registers, _log2m, _maxRegisterValue, _explicit![i]))
            {
                filled++;
            }
        }

        _registers = registers;
        _filled = filled;
        _explicit = null;
        _explicitCount = 0;
    }

    private void CopyFrom(HllSketch source)
    {
        _explicit = source._explicit is null ? null : source._explicit.AsSpan(0, source._explicitCount).ToArray();
        _explicitCount = source._explicitCount;
        _registers = (byte[]?)source._registers?.Clone();
        _filled = source._filled;
    }
}
