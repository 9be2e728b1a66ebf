using System.Buffers.Binary;

namespace StreamAgg.Hll;

/// <summary>
/// Replays a sequence written by <see cref="HllSequenceWriter"/> into one member of an
/// <see cref="HllRunningUnion"/>, step by step: the member then holds the sketch of the step
/// just read, and the union follows it change by change.
/// </summary>
public sealed class HllSequenceReader
{
    private readonly byte[] _data;
    private int _position;
    private int _lastStep = -1;

    /// <summary>Reads <paramref name="data"/>, a sequence of sketches with <paramref name="settings"/>.</summary>
    /// <exception cref="HllFormatException">Not a sequence of version 1 with these settings.</exception>
    public HllSequenceReader(byte[] data, HllSettings settings)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Length < 3 || data[0] != 1 || data[1] != settings.Log2m || data[2] != settings.RegisterWidth)
        {
            ThrowHelper.Format($"Not a version-1 sketch sequence of {settings}.");
        }

        _data = data;
        _position = 3;
        NextStep = _position < _data.Length ? checked((int)ReadVarint()) : -1;
    }

    /// <summary>Whether every step has been read.</summary>
    public bool End => NextStep < 0;

    /// <summary>The step of the next record, or −1 at the end.</summary>
    public int NextStep { get; private set; }

    /// <summary>
    /// Whether the member holds the sketch of a step read before (so it must be cleared when the
    /// union moves to a step this sequence does not have).
    /// </summary>
    public bool Holding { get; private set; }

    /// <summary>Applies the next step's sketch to <paramref name="member"/>; returns the number stored with it.</summary>
    public long ApplyNext(HllRunningUnion union, int member)
    {
        ArgumentNullException.ThrowIfNull(union);
        if (End)
        {
            throw new InvalidOperationException("The sequence has no more steps.");
        }

        ulong zigzag = ReadVarint();
        long value = (long)(zigzag >> 1) ^ -(long)(zigzag & 1);
        byte flags = ReadByte();
        bool isExplicit = (flags & 1) != 0;
        if ((flags & 2) != 0 && Holding)
        {
            union.Clear(member);
        }

        int changes = checked((int)ReadVarint());
        int index = -1;
        int registerCount = union.Settings.RegisterCount;
        for (int i = 0; i < changes; i++)
        {
            index += checked((int)ReadVarint()) + 1;
            if ((uint)index >= (uint)registerCount)
            {
                ThrowHelper.Format($"Register index {index} out of range in a sketch sequence.");
            }

            union.SetRegister(member, index, ReadByte());
        }

        union.SetHasRegisters(member, !isExplicit);
        if (isExplicit)
        {
            int removed = checked((int)ReadVarint());
            int added = checked((int)ReadVarint());
            for (int i = 0; i < removed; i++)
            {
                union.RemoveExplicit(member, ReadInt64());
            }

            for (int i = 0; i < added; i++)
            {
                union.AddExplicit(member, ReadInt64());
            }
        }

        _lastStep = NextStep;
        Holding = true;
        NextStep = _position < _data.Length ? checked(_lastStep + 1 + (int)ReadVarint()) : -1;
        return value;
    }

    /// <summary>Empties the member: the union moved to a step this sequence does not have.</summary>
    public void Release(HllRunningUnion union, int member)
    {
        ArgumentNullException.ThrowIfNull(union);
        if (Holding)
        {
            union.Clear(member);
            Holding = false;
        }
    }

    private byte ReadByte()
    {
        if (_position >= _data.Length)
        {
            ThrowHelper.Format("A sketch sequence ends in the middle of a record.");
        }

        return _data[_position++];
    }

    private long ReadInt64()
    {
        if (_position + 8 > _data.Length)
        {
            ThrowHelper.Format("A sketch sequence ends in the middle of a record.");
        }

        long value = BinaryPrimitives.ReadInt64LittleEndian(_data.AsSpan(_position));
        _position += 8;
        return value;
    }

    private ulong ReadVarint()
    {
        ulong value = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            byte b = ReadByte();
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }

        ThrowHelper.Format("A varint longer than 64 bits in a sketch sequence.");
        return 0;
    }
}
