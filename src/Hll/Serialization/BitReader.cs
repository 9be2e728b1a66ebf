namespace StreamAgg.Hll.Serialization;

/// <summary>Reads fixed-width values most-significant-bit first, the bitstream_unpack layout.</summary>
internal ref struct BitReader
{
    private readonly ReadOnlySpan<byte> _source;
    private ulong _buffer;
    private int _bufferedBits;
    private int _position;

    public BitReader(ReadOnlySpan<byte> source)
    {
        _source = source;
        _buffer = 0;
        _bufferedBits = 0;
        _position = 0;
    }

    /// <summary>Reads the next value; the caller has checked the source holds enough bits.</summary>
    public uint Read(int width)
    {
        while (_bufferedBits < width)
        {
            _buffer = (_buffer << 8) | _source[_position++];
            _bufferedBits += 8;
        }

        _bufferedBits -= width;
        return (uint)((_buffer >> _bufferedBits) & ((1UL << width) - 1));
    }
}
