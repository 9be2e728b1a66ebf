namespace StreamAgg.Hll.Serialization;

/// <summary>
/// The three header bytes of schema version 1: version and type; regwidth − 1 and log2m;
/// sparseon and the encoded expthresh (63 auto, 0 zero, else log2(expthresh) + 1).
/// </summary>
internal static class HllHeader
{
    public const int Length = 3;
    public const int SchemaVersion = 1;
    private const int AutoCode = 63;

    public static void Write(Span<byte> destination, HllRepresentation type, HllSettings settings)
    {
        destination[0] = (byte)((SchemaVersion << 4) | (int)type);
        destination[1] = (byte)(((settings.RegisterWidth - 1) << 5) | settings.Log2m);
        destination[2] = (byte)(((settings.SparseEnabled ? 1 : 0) << 6) | EncodeThreshold(settings.ExplicitThreshold));
    }

    /// <summary>Reads and validates a header; returns the type code (0..15) and the settings.</summary>
    public static int Read(ReadOnlySpan<byte> source, out HllSettings settings)
    {
        if (source.Length < Length)
        {
            ThrowHelper.Format($"An hll value has at least {Length} header bytes; got {source.Length}.");
        }

        int version = source[0] >> 4;
        if (version != SchemaVersion)
        {
            ThrowHelper.Format($"Unknown hll schema version {version}; only version {SchemaVersion} exists.");
        }

        int registerWidth = (source[1] >> 5) + 1;
        int log2m = source[1] & 0x1f;
        int code = source[2] & 0x3f;
        if (log2m > HllSettings.MaxLog2m)
        {
            ThrowHelper.Format($"hll log2m {log2m} is larger than {HllSettings.MaxLog2m}, the most postgresql-hll supports.");
        }

        if (registerWidth > HllSettings.MaxRegisterWidth)
        {
            ThrowHelper.Format($"hll regwidth {registerWidth} is larger than {HllSettings.MaxRegisterWidth}.");
        }

        long threshold = code switch
        {
            AutoCode => HllSettings.AutoExplicitThreshold,
            0 => 0,
            _ => code <= 14 ? 1L << (code - 1) : -2,
        };
        if (threshold == -2)
        {
            ThrowHelper.Format($"hll expthresh code {code} is beyond the largest threshold, {HllSettings.MaxExplicitThreshold}.");
        }

        settings = new HllSettings(log2m, registerWidth, threshold, ((source[2] >> 6) & 1) == 1);
        return source[0] & 0xf;
    }

    private static int EncodeThreshold(long threshold) => threshold switch
    {
        HllSettings.AutoExplicitThreshold => AutoCode,
        0 => 0,
        _ => 64 - (int)long.LeadingZeroCount(threshold),
    };
}
