using System.Numerics;
using StreamAgg.Hll.Registers;

namespace StreamAgg.Hll;

/// <summary>
/// postgresql-hll's estimate from the two figures its estimator reads off a register array —
/// Σ 2^-register and the number of zero registers — for callers that total them without
/// building the array: many sketches that differ in a few registers each (the heatmap's
/// crowded seconds) cost one total each instead of a 2^log2m array each. For the same
/// registers the estimate is bit for bit <see cref="HllSketch.Cardinality"/>'s.
/// </summary>
/// <remarks>
/// The sum is kept as an integer in units of 2^-31, exact for registers of at most 5 bits
/// (<see cref="IsExact"/>): every register's term 2^-r is then a whole number of units, and
/// the integer total is the double postgresql-hll's loop computes, whatever the order.
/// </remarks>
public static class HllRegisterSum
{
    private const int UnitShift = 31;

    /// <summary>Whether sums in units are exact for <paramref name="settings"/> (registers of at most 5 bits).</summary>
    /// <param name="settings">The sketch parameters.</param>
    /// <returns>True when <see cref="Estimate"/> applies.</returns>
    public static bool IsExact(HllSettings settings) => settings.RegisterWidth <= 5;

    /// <summary>A register's term 2^-<paramref name="value"/>, in units of 2^-31 (a zero register's term is 2^31 units).</summary>
    /// <param name="value">The register's value, 0..31.</param>
    /// <returns>The term in units.</returns>
    public static long Term(int value) => 1L << (UnitShift - value);

    /// <summary>
    /// The register a hash sets in a sketch of <paramref name="settings"/> and the value it
    /// raises it to (the register keeps the maximum). False when the hash sets none (its bits
    /// above the register index are all zero).
    /// </summary>
    /// <param name="hash">The 64-bit hash of the element.</param>
    /// <param name="settings">The sketch parameters.</param>
    /// <param name="register">The register index, below 2^log2m.</param>
    /// <param name="value">The value, 1..2^regwidth − 1.</param>
    /// <returns>Whether the hash sets a register.</returns>
    public static bool TryGetRegister(long hash, HllSettings settings, out int register, out int value)
    {
        ulong bits = (ulong)hash;
        ulong rest = bits >> settings.Log2m;
        register = (int)(bits & (ulong)(settings.RegisterCount - 1));
        if (rest == 0)
        {
            value = 0;
            return false;
        }

        value = Math.Min(BitOperations.TrailingZeroCount(rest) + 1, settings.MaxRegisterValue);
        return true;
    }

    /// <summary>The estimate of registers whose terms total <paramref name="sumUnits"/> with <paramref name="zeros"/> of them zero.</summary>
    /// <param name="settings">The sketch parameters; <see cref="IsExact"/> must hold.</param>
    /// <param name="sumUnits">Σ <see cref="Term"/> over all 2^log2m registers.</param>
    /// <param name="zeros">How many registers are zero.</param>
    /// <returns>What <see cref="HllSketch.Cardinality"/> returns for such registers.</returns>
    /// <exception cref="ArgumentException">The settings have registers wider than 5 bits.</exception>
    /// <exception cref="InvalidOperationException">log2m &lt; 4 (PostgreSQL refuses too).</exception>
    public static double Estimate(HllSettings settings, long sumUnits, int zeros)
    {
        if (!IsExact(settings))
        {
            throw new ArgumentException($"Register sums are exact only for registers of at most 5 bits, not {settings}.", nameof(settings));
        }

        return CardinalityEstimator.FromSum(settings.RegisterCount, Math.ScaleB(sumUnits, -UnitShift), zeros, settings.Log2m, settings.RegisterWidth);
    }
}
