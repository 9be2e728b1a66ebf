using System.Buffers.Binary;
using System.Text;

namespace StreamAgg.Core.Engagement;

/// <summary>Reads what <see cref="StateWriter"/> wrote; a truncated or malformed input throws <see cref="InvalidDataException"/>.</summary>
internal ref struct StateReader
{
    private ReadOnlySpan<byte> _rest;

    public StateReader(ReadOnlySpan<byte> data) => _rest = data;

    public readonly bool AtEnd => _rest.IsEmpty;

    public byte Byte() => Take(1)[0];

    public bool Bool() => Byte() != 0;

    public double Double() => BinaryPrimitives.ReadDoubleLittleEndian(Take(8));

    public ulong UInt64() => BinaryPrimitives.ReadUInt64LittleEndian(Take(8));

    public ulong VarUInt()
    {
        ulong value = 0;
        for (int shift = 0; shift < 70; shift += 7)
        {
            byte b = Byte();
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }

        ThrowHelper.ThrowBadState("Varint too long.");
        return 0;
    }

    public long VarInt()
    {
        ulong raw = VarUInt();
        return (long)(raw >> 1) ^ -(long)(raw & 1);
    }

    public int Count(int max)
    {
        ulong n = VarUInt();
        if (n > (ulong)max)
        {
            ThrowHelper.ThrowBadState("Count out of range.");
        }

        return (int)n;
    }

    public string? String(Func<string, string>? intern = null)
    {
        ulong n = VarUInt();
        if (n == 0)
        {
            return null;
        }

        string s = Encoding.UTF8.GetString(Take(checked((int)(n - 1))));
        return intern is null ? s : intern(s);
    }

    /// <summary>Passes over <paramref name="n"/> bytes (checked like a read).</summary>
    public void Skip(int n) => Take(n);

    /// <summary>Passes over a string without decoding it.</summary>
    public void SkipString()
    {
        ulong n = VarUInt();
        if (n > 0)
        {
            Take(checked((int)(n - 1)));
        }
    }

    private ReadOnlySpan<byte> Take(int n)
    {
        if (n > _rest.Length)
        {
            ThrowHelper.ThrowBadState("Key state is truncated.");
        }

        ReadOnlySpan<byte> taken = _rest[..n];
        _rest = _rest[n..];
        return taken;
    }
}
