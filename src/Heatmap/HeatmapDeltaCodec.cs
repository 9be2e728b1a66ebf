using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using StreamAgg.Heatmap.Wire;
using StreamAgg.Hll;

namespace StreamAgg.Heatmap;

/// <summary>
/// The binary wire format of a <see cref="HeatmapDelta"/>, version 1, described for dashboard
/// authors in docs/heatmap-delta-format.md: magic "HD", version, video id, day, then per second
/// the gap from the previous second, the plays and the postgresql-hll bytes of the viewers.
/// </summary>
public static class HeatmapDeltaCodec
{
    /// <summary>The format version this codec writes and reads.</summary>
    public const byte Version = 1;

    private const byte Magic0 = (byte)'H';
    private const byte Magic1 = (byte)'D';
    private static readonly DateOnly Epoch = new(1970, 1, 1);

    /// <summary>Writes <paramref name="delta"/>.</summary>
    /// <param name="delta">The delta; its seconds must be strictly ascending.</param>
    /// <param name="writer">The destination.</param>
    /// <exception cref="ArgumentException">The seconds are not strictly ascending or are negative.</exception>
    public static void Write(HeatmapDelta delta, IBufferWriter<byte> writer)
    {
        ArgumentNullException.ThrowIfNull(delta);
        ArgumentNullException.ThrowIfNull(writer);

        WriteHead(writer, delta.VideoId, delta.Day, delta.Seconds.Count);
        long previous = -1;
        foreach (HeatmapSecondDelta second in delta.Seconds)
        {
            if (second.Second <= previous || second.Plays < 0)
            {
                throw new ArgumentException(
                    $"Delta seconds must be strictly ascending and non-negative with plays >= 0; second {second.Second} follows {previous}.",
                    nameof(delta));
            }

            WriteSecondHead(writer, second.Second - previous, second.Plays, second.Viewers.SerializedLength);
            second.Viewers.WriteTo(writer);
            previous = second.Second;
        }
    }

    /// <summary>Magic, version, video id, day and the number of seconds that follow.</summary>
    internal static void WriteHead(IBufferWriter<byte> writer, string videoId, DateOnly day, int secondCount)
    {
        Span<byte> head = writer.GetSpan(3);
        head[0] = Magic0;
        head[1] = Magic1;
        head[2] = Version;
        writer.Advance(3);

        int idLength = Encoding.UTF8.GetByteCount(videoId);
        Varint.Write(writer, (ulong)idLength);
        Encoding.UTF8.GetBytes(videoId, writer.GetSpan(idLength));
        writer.Advance(idLength);

        BinaryPrimitives.WriteInt32LittleEndian(writer.GetSpan(4), day.DayNumber - Epoch.DayNumber);
        writer.Advance(4);

        Varint.Write(writer, (ulong)secondCount);
    }

    /// <summary>One second before its sketch's bytes: the gap from the previous second, the plays, the sketch's length.</summary>
    internal static void WriteSecondHead(IBufferWriter<byte> writer, long gap, long plays, int sketchLength)
    {
        Varint.Write(writer, (ulong)gap);
        Varint.Write(writer, (ulong)plays);
        Varint.Write(writer, (ulong)sketchLength);
    }

    /// <summary>Writes <paramref name="delta"/> into a new array.</summary>
    /// <param name="delta">The delta.</param>
    /// <returns>The encoded bytes.</returns>
    public static byte[] ToBytes(HeatmapDelta delta)
    {
        var writer = new ArrayBufferWriter<byte>();
        Write(delta, writer);
        return writer.WrittenSpan.ToArray();
    }

    /// <summary>Reads a delta written by <see cref="Write"/>.</summary>
    /// <param name="data">Exactly one encoded delta.</param>
    /// <returns>The delta.</returns>
    /// <exception cref="FormatException">The bytes are not a version-1 heatmap delta (an <see cref="HllFormatException"/> for a bad sketch).</exception>
    public static HeatmapDelta Read(ReadOnlySpan<byte> data)
    {
        if (data.Length < 3)
        {
            ThrowHelper.Format($"Not a heatmap delta: {data.Length} bytes, fewer than the 3 of its magic \"HD\" and version.");
        }

        if (data[0] != Magic0 || data[1] != Magic1)
        {
            ThrowHelper.Format($"Not a heatmap delta: it starts with 0x{data[0]:x2} 0x{data[1]:x2}, not the magic bytes \"HD\" (0x48 0x44).");
        }

        if (data[2] != Version)
        {
            ThrowHelper.Format($"Unsupported heatmap delta version {data[2]}; this reader knows version {Version}.");
        }

        int position = 3;
        int idLength = ReadLength(data, ref position, "video id");
        string videoId = Encoding.UTF8.GetString(data.Slice(position, idLength));
        position += idLength;

        if (data.Length - position < 4)
        {
            ThrowHelper.Format("A heatmap delta ends before its day.");
        }

        int dayNumber = Epoch.DayNumber + BinaryPrimitives.ReadInt32LittleEndian(data[position..]);
        position += 4;
        if (dayNumber < DateOnly.MinValue.DayNumber || dayNumber > DateOnly.MaxValue.DayNumber)
        {
            ThrowHelper.Format($"A heatmap delta's day {dayNumber - Epoch.DayNumber} (days since 1970-01-01) is outside the years 1 to 9999.");
        }

        ulong count = Varint.Read(data, ref position);
        if (count > (ulong)(data.Length - position))
        {
            ThrowHelper.Format($"A heatmap delta claims {count} seconds in {data.Length - position} bytes.");
        }

        var seconds = new HeatmapSecondDelta[(int)count];
        long previous = -1;
        for (int i = 0; i < seconds.Length; i++)
        {
            ulong gap = Varint.Read(data, ref position);
            if (gap == 0)
            {
                ThrowHelper.Format($"Heatmap delta entry {i} has gap 0: it repeats second {previous}; seconds must be strictly ascending.");
            }

            if (gap > int.MaxValue || previous + (long)gap > int.MaxValue)
            {
                ThrowHelper.Format($"Heatmap delta entry {i} has gap {gap}: it puts its second beyond {int.MaxValue}.");
            }

            previous += (long)gap;
            ulong plays = Varint.Read(data, ref position);
            if (plays > long.MaxValue)
            {
                ThrowHelper.Format($"Heatmap delta second {previous} claims {plays} plays, more than {long.MaxValue}.");
            }

            int sketchLength = ReadLength(data, ref position, "sketch");
            HllSketch viewers = HllSketch.FromBytes(data.Slice(position, sketchLength));
            position += sketchLength;
            seconds[i] = new HeatmapSecondDelta((int)previous, (long)plays, viewers);
        }

        if (position != data.Length)
        {
            ThrowHelper.Format($"{data.Length - position} unexpected bytes after a heatmap delta.");
        }

        return new HeatmapDelta(videoId, DateOnly.FromDayNumber(dayNumber), seconds);
    }

    private static int ReadLength(ReadOnlySpan<byte> data, ref int position, string what)
    {
        ulong length = Varint.Read(data, ref position);
        if (length > (ulong)(data.Length - position))
        {
            ThrowHelper.Format($"A heatmap delta's {what} claims {length} bytes; {data.Length - position} remain.");
        }

        return (int)length;
    }
}
