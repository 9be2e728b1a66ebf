namespace StreamAgg.Hll.Registers;

/// <summary>
/// postgresql-hll's multiset_card for registers, reproduced operation for operation (same
/// summation order, same shifts) so the estimates match PostgreSQL's to the last bit,
/// including its quirks for wide registers, where 2^L overflows 64 bits and wraps.
/// </summary>
internal static class CardinalityEstimator
{
    // 1.0 / (1L << r), with the shift count wrapping at 64 as it does in C on x86-64 and in C#.
    private static readonly double[] InversePowers = BuildInversePowers();

    public static double Estimate(ReadOnlySpan<byte> registers, int log2m, int registerWidth)
    {
        int count = registers.Length;
        (double sum, int zeros) = registerWidth <= 5 ? SumExactly(registers) : SumInOrder(registers);
        return FromSum(count, sum, zeros, log2m, registerWidth);
    }

    /// <summary>
    /// The estimate from the register sum (Σ 2^-register, summed as postgresql-hll does) and the
    /// number of zero registers, for callers that total them without a register array.
    /// </summary>
    public static double FromSum(int count, double sum, int zeros, int log2m, int registerWidth)
    {
        if (count <= 8)
        {
            ThrowHelper.TooFewRegisters(count);
        }

        double gammaSquared = count switch
        {
            16 => 0.673 * count * count,
            32 => 0.697 * count * count,
            64 => 0.709 * count * count,
            _ => 0.7213 / (1.0 + (1.079 / count)) * count * count,
        };

        double estimator = gammaSquared / sum;
        ulong maxRegister = (1UL << registerWidth) - 1;
        ulong totalBits = maxRegister - 1 + (ulong)log2m;
        ulong twoToL = 1UL << (int)totalBits;
        double largeCutoff = twoToL / 30.0;

        if (zeros != 0 && estimator < 5.0 * count / 2.0)
        {
            return count * Math.Log((double)count / zeros);
        }

        if (estimator <= largeCutoff)
        {
            return estimator;
        }

        return -1 * (long)twoToL * Math.Log(1.0 - (estimator / twoToL));
    }

    // postgresql-hll's loop: sum += 1.0 / (1L << register), in index order.
    private static (double Sum, int Zeros) SumInOrder(ReadOnlySpan<byte> registers)
    {
        double sum = 0.0;
        int zeros = 0;
        foreach (byte register in registers)
        {
            sum += InversePowers[register];
            if (register == 0)
            {
                zeros++;
            }
        }

        return (sum, zeros);
    }

    // With registers of at most 31, every partial sum of postgresql-hll's loop is a multiple of
    // 2^-31 below 2^18: at most 49 significant bits, exact in a double. So the order of the
    // additions cannot change the result, and an integer sum in units of 2^-31 (independent
    // accumulators, no floating-point latency chain) gives the same bits several times faster.
    private static (double Sum, int Zeros) SumExactly(ReadOnlySpan<byte> registers)
    {
        long a0 = 0, a1 = 0, a2 = 0, a3 = 0;
        int i = 0;
        for (; i + 4 <= registers.Length; i += 4)
        {
            a0 += 1L << (31 - (registers[i] & 31));
            a1 += 1L << (31 - (registers[i + 1] & 31));
            a2 += 1L << (31 - (registers[i + 2] & 31));
            a3 += 1L << (31 - (registers[i + 3] & 31));
        }

        for (; i < registers.Length; i++)
        {
            a0 += 1L << (31 - (registers[i] & 31));
        }

        return (Math.ScaleB(a0 + a1 + a2 + a3, -31), registers.Count((byte)0));
    }

    private static double[] BuildInversePowers()
    {
        var table = new double[256];
        for (int r = 0; r < table.Length; r++)
        {
            table[r] = 1.0 / (1L << r);
        }

        return table;
    }
}
