namespace StreamAgg.Hll.Serialization;

/// <summary>
/// Writes fixed-width values most-significant-bit first into a zeroed byte span, the
/// bitstream_pack layout of postgresql-hll. Values are at most 32 bits wide.
/// </summary>
internal ref struct BitWriter
{
    private readonly Span<byte> _destination;
    private ulong _buffer;
    private int _bufferedBits;
    private int _position;

    public BitWriter(Span<byte> destination)
    {
        _destination = destination;
        _buffer = 0;
        _bufferedBits = 0;
        _position = 0;
    }

    public void Write(uint value, int width)
    {
        _buffer = (_buffer << width) | (value & ((1UL << width) - 1));
        _bufferedBits += width;
        while (_bufferedBits >= 8)
        {
            _bufferedBits -= 8;
            _destination[_position++] = (byte)(_buffer >> _bufferedBits);
        }
    }

    /// <summary>Writes the last partial byte, padded with zero bits.</summary>
    public void Flush()
    {
        if (_bufferedBits > 0)
        {
            _destination[_position++] = (byte)(_buffer << (8 - _bufferedBits));
            _bufferedBits = 0;
        }
    }
}
