using StreamAgg.Hll.Registers;

namespace StreamAgg.Hll;

public sealed partial class HllSketch
{
    /// <summary>
    /// Adds everything in <paramref name="other"/> to this sketch, as postgresql-hll's
    /// <c>hll_union</c> does: EMPTY is the identity, two EXPLICIT sets give their set union
    /// (switching to registers past the threshold), anything with registers gives the
    /// per-register maximum.
    /// </summary>
    /// <param name="other">The sketch to merge in; it is not modified.</param>
    /// <exception cref="ArgumentException">The settings differ (PostgreSQL refuses such a union too).</exception>
    public void UnionWith(HllSketch other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Settings != Settings)
        {
            ThrowHelper.SettingsMismatch(Settings, other.Settings);
        }

        if (ReferenceEquals(other, this) || other.IsEmpty)
        {
            return;
        }

        if (IsEmpty)
        {
            CopyFrom(other);
            return;
        }

        if (other._registers is { } otherRegisters)
        {
            if (_registers is { } registers)
            {
                _filled = RegisterMath.UnionInto(registers, otherRegisters);
                return;
            }

            // EXPLICIT ∪ registers: take the registers, then add our hashes to them.
            long[] mine = _explicit!;
            int count = _explicitCount;
            CopyFrom(other);
            for (int i = 0; i < count; i++)
            {
                Add(mine[i]);
            }

            return;
        }

        // other is EXPLICIT; Add promotes this sketch if the union outgrows the threshold.
        long[] theirs = other._explicit!;
        for (int i = 0; i < other._explicitCount; i++)
        {
            Add(theirs[i]);
        }
    }

    /// <summary>Returns a new sketch holding the union of two sketches with the same settings.</summary>
    /// <param name="left">The first sketch.</param>
    /// <param name="right">The second sketch.</param>
    /// <returns>The union; neither argument is modified.</returns>
    /// <exception cref="ArgumentException">The settings differ.</exception>
    public static HllSketch Union(HllSketch left, HllSketch right)
    {
        ArgumentNullException.ThrowIfNull(left);
        var result = left.Clone();
        result.UnionWith(right);
        return result;
    }
}
