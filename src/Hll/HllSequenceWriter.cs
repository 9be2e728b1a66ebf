using System.Buffers;
using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.Intrinsics;

namespace StreamAgg.Hll;

/// <summary>
/// Writes a sequence of sketches at increasing integer steps (the seconds of a heatmap), each with
/// a number beside it (its plays), as differences from the step before: the registers that changed
/// and, while a sketch is EXPLICIT, the hashes that left and arrived. The sketches of neighbouring
/// seconds share most of their viewers, so a sequence takes a few bytes per step where the sketches
/// take kilobytes each. <see cref="HllSequenceReader"/> replays it into an <see cref="HllRunningUnion"/>.
/// </summary>
/// <remarks>
/// Layout: a 3-byte header (format version 1, log2m, regwidth), then one record per step present:
/// the steps skipped since the previous record (unsigned LEB128 varint; for the first record its
/// step), the number (zigzag varint), a flags byte (1: the sketch is EXPLICIT; 2: the state before it
/// is empty: the first record, or after skipped steps), the count of changed registers, then per
/// change the index gap from the previous change (varint) and the new value (one byte); for an
/// EXPLICIT sketch, the counts of hashes removed and added, then those hashes (8 bytes each,
/// little-endian).
/// </remarks>
public sealed class HllSequenceWriter
{
    private const byte FormatVersion = 1;

    private readonly HllSettings _settings;
    private readonly ArrayBufferWriter<byte> _output = new();
    private readonly byte[] _previous;
    private readonly byte[] _current;
    private readonly List<long> _removed = [];
    private readonly List<long> _added = [];
    private long[] _previousExplicit = [];
    private int _previousExplicitCount;
    private long[] _sortBuffer = [];
    private int _lastStep = -1;

    /// <summary>Creates a writer of sketches with <paramref name="settings"/>.</summary>
    public HllSequenceWriter(HllSettings settings)
    {
        _settings = settings;
        _previous = new byte[settings.RegisterCount];
        _current = new byte[settings.RegisterCount];
        WriteHeader();
    }

    /// <summary>Steps written so far.</summary>
    public int Count { get; private set; }

    /// <summary>The bytes written so far.</summary>
    public ReadOnlySpan<byte> WrittenSpan => _output.WrittenSpan;

    /// <summary>Appends <paramref name="sketch"/> at <paramref name="step"/>, after every step appended before.</summary>
    /// <exception cref="ArgumentException">Other settings, or a step not after the last one.</exception>
    public void Append(int step, long value, HllSketch sketch)
    {
        ArgumentNullException.ThrowIfNull(sketch);
        CheckSettings(sketch.Settings);
        ReadOnlySpan<long> hashes = sketch.CopyState(_current, out bool hasRegisters);
        Write(step, value, hasRegisters ? null : hashes.ToArray());
    }

    /// <summary>Appends the current union of <paramref name="union"/>'s members at <paramref name="step"/>.</summary>
    public void Append(int step, long value, HllRunningUnion union)
    {
        ArgumentNullException.ThrowIfNull(union);
        CheckSettings(union.Settings);
        union.Registers.CopyTo(_current);
        if (!union.IsExplicit)
        {
            Write(step, value, null);
            return;
        }

        int count = union.ExplicitHashes.Count;
        if (_sortBuffer.Length < count)
        {
            _sortBuffer = new long[Math.Max(count, 64)];
        }

        int i = 0;
        foreach (long hash in union.ExplicitHashes)
        {
            _sortBuffer[i++] = hash;
        }

        Array.Sort(_sortBuffer, 0, count);
        Write(step, value, _sortBuffer.AsSpan(0, count).ToArray());
    }

    /// <summary>The sequence as a new array.</summary>
    public byte[] ToArray() => _output.WrittenSpan.ToArray();

    /// <summary>Starts an empty sequence, keeping the buffers.</summary>
    public void Reset()
    {
        _output.Clear();
        WriteHeader();
        _lastStep = -1;
        Count = 0;
        _previousExplicitCount = 0;
        Array.Clear(_previous);
    }

    private void Write(int step, long value, long[]? explicitHashes)
    {
        if (step <= _lastStep || step < 0)
        {
            throw new ArgumentException($"Steps must increase: {step} after {_lastStep}.", nameof(step));
        }

        bool reset = step != _lastStep + 1 || _lastStep < 0;
        if (reset)
        {
            Array.Clear(_previous);
            _previousExplicitCount = 0;
        }

        WriteVarint((ulong)(step - _lastStep - 1));
        WriteVarint((ulong)((value << 1) ^ (value >> 63)));
        WriteByte((byte)((explicitHashes is null ? 0 : 1) | (reset ? 2 : 0)));
        WriteRegisterChanges();
        if (explicitHashes is not null)
        {
            WriteExplicitChanges(explicitHashes);
        }
        else
        {
            _previousExplicitCount = 0;
        }

        _lastStep = step;
        Count++;
    }

    private void WriteRegisterChanges()
    {
        // First count the changed registers (vector compares), then write them.
        int changes = 0;
        int i = 0;
        int n = _current.Length;
        for (; i + Vector256<byte>.Count <= n; i += Vector256<byte>.Count)
        {
            var differs = ~Vector256.Equals(Vector256.Create<byte>(_current.AsSpan(i)), Vector256.Create<byte>(_previous.AsSpan(i)));
            changes += BitOperations.PopCount(differs.ExtractMostSignificantBits());
        }

        for (; i < n; i++)
        {
            changes += _current[i] != _previous[i] ? 1 : 0;
        }

        WriteVarint((ulong)changes);
        int last = -1;
        i = 0;
        for (; i + Vector256<byte>.Count <= n; i += Vector256<byte>.Count)
        {
            uint mask = (~Vector256.Equals(Vector256.Create<byte>(_current.AsSpan(i)), Vector256.Create<byte>(_previous.AsSpan(i)))).ExtractMostSignificantBits();
            while (mask != 0)
            {
                int index = i + BitOperations.TrailingZeroCount(mask);
                mask &= mask - 1;
                WriteChange(index, ref last);
            }
        }

        for (; i < n; i++)
        {
            if (_current[i] != _previous[i])
            {
                WriteChange(i, ref last);
            }
        }

        _current.CopyTo(_previous, 0);
    }

    private void WriteChange(int index, ref int last)
    {
        WriteVarint((ulong)(index - last - 1));
        WriteByte(_current[index]);
        last = index;
    }

    private void WriteExplicitChanges(long[] hashes)
    {
        _removed.Clear();
        _added.Clear();
        var before = _previousExplicit.AsSpan(0, _previousExplicitCount);
        int a = 0, b = 0;
        while (a < before.Length || b < hashes.Length)
        {
            if (b == hashes.Length || (a < before.Length && before[a] < hashes[b]))
            {
                _removed.Add(before[a++]);
            }
            else if (a == before.Length || hashes[b] < before[a])
            {
                _added.Add(hashes[b++]);
            }
            else
            {
                a++;
                b++;
            }
        }

        WriteVarint((ulong)_removed.Count);
        WriteVarint((ulong)_added.Count);
        foreach (long hash in _removed)
        {
            WriteInt64(hash);
        }

        foreach (long hash in _added)
        {
            WriteInt64(hash);
        }

        _previousExplicit = hashes;
        _previousExplicitCount = hashes.Length;
    }

    private void CheckSettings(HllSettings settings)
    {
        if (settings != _settings)
        {
            ThrowHelper.SettingsMismatch(_settings, settings);
        }
    }

    private void WriteHeader()
    {
        WriteByte(FormatVersion);
        WriteByte((byte)_settings.Log2m);
        WriteByte((byte)_settings.RegisterWidth);
    }

    private void WriteByte(byte value)
    {
        _output.GetSpan(1)[0] = value;
        _output.Advance(1);
    }

    private void WriteInt64(long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(_output.GetSpan(8), value);
        _output.Advance(8);
    }

    private void WriteVarint(ulong value)
    {
        Span<byte> span = _output.GetSpan(10);
        int i = 0;
        while (value >= 0x80)
        {
            span[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        span[i++] = (byte)value;
        _output.Advance(i);
    }
}
