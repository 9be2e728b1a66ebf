using System.Buffers;
using StreamAgg.Hll.Serialization;
using StreamAgg.Hll.Registers;

namespace StreamAgg.Hll;

public sealed partial class HllSketch
{
    /// <summary>The number of bytes <see cref="WriteTo(Span{byte})"/> writes.</summary>
    public int SerializedLength => HllHeader.Length + Representation switch
    {
        HllRepresentation.Empty => 0,
        HllRepresentation.Explicit => ExplicitLayout.Length(_explicitCount),
        HllRepresentation layout => RegisterLayout.Length(layout, _filled, Settings),
    };

    /// <summary>
    /// The number of bytes <see cref="WriteExplicit"/> writes for <paramref name="count"/> hashes.
    /// </summary>
    /// <param name="count">Distinct hashes, at least 1.</param>
    /// <returns>The serialized length.</returns>
    public static int ExplicitSerializedLength(int count) => HllHeader.Length + ExplicitLayout.Length(count);

    /// <summary>
    /// Writes the bytes of an EXPLICIT sketch holding exactly <paramref name="sortedHashes"/>: what
    /// a sketch with <paramref name="settings"/> writes after adding them, while their number is
    /// within its explicit threshold. For callers that keep small sets of hashes themselves and
    /// need their bytes without building a sketch per set.
    /// </summary>
    /// <param name="sortedHashes">At least one distinct hash, ascending as signed integers.</param>
    /// <param name="settings">The sketch parameters written in the header.</param>
    /// <param name="writer">Receives <see cref="ExplicitSerializedLength"/> bytes.</param>
    /// <exception cref="ArgumentException">No hashes, more than the explicit threshold, or not strictly ascending.</exception>
    public static void WriteExplicit(ReadOnlySpan<long> sortedHashes, HllSettings settings, IBufferWriter<byte> writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (sortedHashes.IsEmpty || sortedHashes.Length > settings.EffectiveExplicitThreshold)
        {
            throw new ArgumentException(
                $"An EXPLICIT sketch holds 1 to {settings.EffectiveExplicitThreshold} hashes with these settings; got {sortedHashes.Length}.",
                nameof(sortedHashes));
        }

        for (int i = 1; i < sortedHashes.Length; i++)
        {
            if (sortedHashes[i] <= sortedHashes[i - 1])
            {
                throw new ArgumentException("The hashes must be distinct and ascending.", nameof(sortedHashes));
            }
        }

        int length = ExplicitSerializedLength(sortedHashes.Length);
        Span<byte> target = writer.GetSpan(length)[..length];
        HllHeader.Write(target, HllRepresentation.Explicit, settings);
        ExplicitLayout.Write(target[HllHeader.Length..], sortedHashes);
        writer.Advance(length);
    }

    /// <summary>Serializes to the bytes postgresql-hll would store for the same hashes.</summary>
    /// <returns>A new array of <see cref="SerializedLength"/> bytes.</returns>
    public byte[] ToBytes()
    {
        var bytes = new byte[SerializedLength];
        WriteTo(bytes);
        return bytes;
    }

    /// <summary>Serializes into a buffer writer.</summary>
    /// <param name="writer">Receives <see cref="SerializedLength"/> bytes.</param>
    public void WriteTo(IBufferWriter<byte> writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        int length = SerializedLength;
        WriteTo(writer.GetSpan(length));
        writer.Advance(length);
    }

    /// <summary>Serializes into <paramref name="destination"/>.</summary>
    /// <param name="destination">At least <see cref="SerializedLength"/> bytes.</param>
    /// <returns>The number of bytes written.</returns>
    /// <exception cref="ArgumentException">The destination is too small.</exception>
    public int WriteTo(Span<byte> destination)
    {
        HllRepresentation type = Representation;
        int length = SerializedLength;
        if (destination.Length < length)
        {
            throw new ArgumentException($"The sketch needs {length} bytes; the destination has {destination.Length}.", nameof(destination));
        }

        Span<byte> target = destination[..length];
        HllHeader.Write(target, type, Settings);
        Span<byte> body = target[HllHeader.Length..];
        switch (type)
        {
            case HllRepresentation.Explicit:
                ExplicitLayout.Write(body, _explicit.AsSpan(0, _explicitCount));
                break;
            case HllRepresentation.Sparse:
            case HllRepresentation.Full:
                body.Clear();
                RegisterLayout.Write(body, type, _registers, Settings);
                break;
        }

        return length;
    }

    /// <summary>Reads a sketch from postgresql-hll bytes (schema version 1).</summary>
    /// <param name="bytes">The bytes of an <c>hll</c> value.</param>
    /// <returns>The sketch; re-serializing it gives the same bytes for anything PostgreSQL writes.</returns>
    /// <exception cref="HllFormatException">The bytes are not a valid hll value, or use the UNDEFINED type.</exception>
    public static HllSketch FromBytes(ReadOnlySpan<byte> bytes)
    {
        int type = HllHeader.Read(bytes, out HllSettings settings);
        var sketch = new HllSketch(settings);
        ReadOnlySpan<byte> body = bytes[HllHeader.Length..];
        switch ((HllRepresentation)type)
        {
            case HllRepresentation.Empty:
                if (!body.IsEmpty)
                {
                    ThrowHelper.Format($"An EMPTY hll is exactly {HllHeader.Length} bytes; got {bytes.Length}.");
                }

                break;
            case HllRepresentation.Explicit:
                long[] hashes = ExplicitLayout.Read(body);
                sketch._explicit = hashes;
                sketch._explicitCount = hashes.Length;
                break;
            case HllRepresentation.Sparse:
                sketch._registers = new byte[settings.RegisterCount];
                RegisterLayout.ReadSparse(body, sketch._registers, settings);
                sketch._filled = RegisterMath.CountFilled(sketch._registers);
                break;
            case HllRepresentation.Full:
                sketch._registers = new byte[settings.RegisterCount];
                RegisterLayout.ReadFull(body, sketch._registers, settings);
                sketch._filled = RegisterMath.CountFilled(sketch._registers);
                break;
            case 0:
                ThrowHelper.Format("UNDEFINED hll values (type 0) are not supported.");
                break;
            default:
                ThrowHelper.Format($"Unknown hll type {type}.");
                break;
        }

        return sketch;
    }

    /// <summary>PostgreSQL's text form of the value, <c>\x</c> and lowercase hex, as <c>hll::text</c> prints it.</summary>
    /// <returns>The text form.</returns>
    public string ToHex() => @"\x" + Convert.ToHexStringLower(ToBytes());

    /// <summary>Reads PostgreSQL's text form (<c>\x</c> then hex; the prefix is optional).</summary>
    /// <param name="text">The text form.</param>
    /// <returns>The sketch.</returns>
    /// <exception cref="HllFormatException">The text is not hex, or the bytes are not a valid hll value.</exception>
    public static HllSketch FromHex(ReadOnlySpan<char> text)
    {
        if (text.StartsWith(@"\x", StringComparison.Ordinal))
        {
            text = text[2..];
        }

        byte[] bytes;
        try
        {
            bytes = Convert.FromHexString(text);
        }
        catch (FormatException e)
        {
            throw new HllFormatException($"An hll text value is \\x followed by hex digits: {e.Message}");
        }

        return FromBytes(bytes);
    }
}
