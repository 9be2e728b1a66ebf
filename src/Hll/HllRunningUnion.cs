using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace StreamAgg.Hll;

/// <summary>
/// The union of a fixed number of member sketches whose contents change a little from one step
/// to the next (the seconds of a heatmap: the viewers of second s+1 are mostly those of second s),
/// kept up to date change by change instead of recomputed per step. Its
/// <see cref="Cardinality"/> is bit for bit what postgresql-hll's
/// <c>hll_cardinality(hll_union_agg(…))</c> gives for the members' current sketches: the exact
/// count while every member is EXPLICIT and their set union stays within the explicit threshold,
/// else the estimator over the per-register maximum, whose two inputs (Σ 2^-register and the zero
/// count) are adjusted by difference on every register change.
/// </summary>
/// <remarks>
/// A member's registers must hold what postgresql-hll would give its hashes even while the
/// member is EXPLICIT (its hashes applied as register updates): a union that outgrows the
/// threshold is estimated from them, as PostgreSQL promotes such a union. Not thread-safe.
/// </remarks>
public sealed class HllRunningUnion
{
    private readonly HllSettings _settings;
    private readonly int _explicitLimit;
    private readonly byte[][] _members;
    private readonly byte[] _union;
    private readonly HashSet<long>?[] _explicit;
    private readonly bool[] _hasRegisters;
    private readonly Dictionary<long, int> _hashCounts = [];
    private long _sumUnits;
    private int _zeros;
    private int _registerMembers;

    /// <summary>Creates the union of <paramref name="members"/> empty members.</summary>
    /// <param name="members">How many member sketches, at least 1.</param>
    /// <param name="settings">Their parameters; registers of at most 5 bits (<see cref="HllRegisterSum.IsExact"/>).</param>
    public HllRunningUnion(int members, HllSettings settings)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(members, 1);
        if (!HllRegisterSum.IsExact(settings))
        {
            throw new ArgumentException($"A running union needs registers of at most 5 bits, not {settings}.", nameof(settings));
        }

        _settings = settings;
        _explicitLimit = settings.EffectiveExplicitThreshold;
        _members = new byte[members][];
        _explicit = new HashSet<long>?[members];
        _hasRegisters = new bool[members];
        for (int i = 0; i < members; i++)
        {
            _members[i] = new byte[settings.RegisterCount];
        }

        _union = new byte[settings.RegisterCount];
        _sumUnits = settings.RegisterCount * HllRegisterSum.Term(0);
        _zeros = settings.RegisterCount;
    }

    /// <summary>The members' parameters.</summary>
    public HllSettings Settings => _settings;

    /// <summary>The number of members.</summary>
    public int MemberCount => _members.Length;

    /// <summary>The per-register maximum over the members, one byte per register.</summary>
    public ReadOnlySpan<byte> Registers => _union;

    /// <summary>
    /// Whether postgresql-hll's union of the members would be EXPLICIT: no member holds registers
    /// and their distinct hashes fit the explicit threshold. <see cref="Cardinality"/> is then exact.
    /// </summary>
    public bool IsExplicit => _registerMembers == 0 && _hashCounts.Count <= _explicitLimit;

    /// <summary>The union's distinct hashes while <see cref="IsExplicit"/>, in no particular order.</summary>
    public IReadOnlyCollection<long> ExplicitHashes => _hashCounts.Keys;

    /// <summary>postgresql-hll's cardinality of the union, bit for bit.</summary>
    public double Cardinality() => IsExplicit
        ? _hashCounts.Count
        : HllRegisterSum.Estimate(_settings, _sumUnits, _zeros);

    /// <summary>Sets one register of a member (the union follows).</summary>
    /// <param name="member">The member, 0-based.</param>
    /// <param name="index">The register index.</param>
    /// <param name="value">Its new value, 0..2^regwidth − 1.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void SetRegister(int member, int index, byte value)
    {
        ref byte register = ref _members[member][index];
        byte old = register;
        if (old == value)
        {
            return;
        }

        register = value;
        byte current = _union[index];
        if (value > current)
        {
            Move(index, current, value);
        }
        else if (old == current)
        {
            // The member held the maximum and went down: the others decide.
            byte max = value;
            foreach (byte[] other in _members)
            {
                max = Math.Max(max, other[index]);
            }

            if (max != current)
            {
                Move(index, current, max);
            }
        }
    }

    /// <summary>
    /// Says whether a member holds registers (a SPARSE or FULL sketch) or is EXPLICIT. Switching
    /// to registers forgets the member's explicit hashes; switching to EXPLICIT starts from none.
    /// </summary>
    public void SetHasRegisters(int member, bool hasRegisters)
    {
        if (_hasRegisters[member] == hasRegisters)
        {
            return;
        }

        _hasRegisters[member] = hasRegisters;
        _registerMembers += hasRegisters ? 1 : -1;
        DropExplicit(member);
    }

    /// <summary>Adds a hash to an EXPLICIT member's set (its registers are set apart, with <see cref="SetRegister"/>).</summary>
    public void AddExplicit(int member, long hash)
    {
        var set = _explicit[member] ??= [];
        if (set.Add(hash))
        {
            ref int count = ref CollectionsMarshal.GetValueRefOrAddDefault(_hashCounts, hash, out _);
            count++;
        }
    }

    /// <summary>Removes a hash from an EXPLICIT member's set.</summary>
    public void RemoveExplicit(int member, long hash)
    {
        if (_explicit[member] is { } set && set.Remove(hash))
        {
            Release(hash);
        }
    }

    /// <summary>Empties a member: no hashes, every register 0.</summary>
    public void Clear(int member)
    {
        SetHasRegisters(member, false);
        DropExplicit(member);
        byte[] registers = _members[member];
        int index = registers.AsSpan().IndexOfAnyExcept((byte)0);
        while (index >= 0)
        {
            SetRegister(member, index, 0);
            int next = registers.AsSpan(index + 1).IndexOfAnyExcept((byte)0);
            index = next < 0 ? -1 : index + 1 + next;
        }
    }

    private void DropExplicit(int member)
    {
        if (_explicit[member] is not { Count: > 0 } set)
        {
            return;
        }

        foreach (long hash in set)
        {
            Release(hash);
        }

        set.Clear();
    }

    private void Release(long hash)
    {
        ref int count = ref CollectionsMarshal.GetValueRefOrNullRef(_hashCounts, hash);
        if (--count == 0)
        {
            _hashCounts.Remove(hash);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Move(int index, byte from, byte to)
    {
        _sumUnits += HllRegisterSum.Term(to) - HllRegisterSum.Term(from);
        _zeros += (to == 0 ? 1 : 0) - (from == 0 ? 1 : 0);
        _union[index] = to;
    }
}
