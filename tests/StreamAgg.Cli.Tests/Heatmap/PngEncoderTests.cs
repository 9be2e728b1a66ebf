using System.Buffers.Binary;
using System.IO.Compression;
using StreamAgg.Cli.Heatmap;
using Xunit;

namespace StreamAgg.Cli.Tests.Heatmap;

/// <summary>
/// The PNG the <c>heatmap --png</c> chart is written as: chunk layout and checksums against the
/// PNG specification, with a bit-by-bit CRC-32 of the specification's own definition as the reference.
/// </summary>
public sealed class PngEncoderTests
{
    // 3 x 2 pixels: red, green, blue / white, black, grey.
    private static readonly byte[] Pixels = [255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255, 0, 0, 0, 128, 128, 128];

    [Fact]
    public void Write_SmallImage_StartsWithSignatureAndHeaderOfItsSize()
    {
        var png = Encode();

        Assert.Equal([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], png[..8]);
        // IHDR: length 13, width 3, height 2, 8 bits, RGB, deflate, filter 0, no interlace, CRC.
        Assert.Equal(
            [0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 3, 0, 0, 0, 2, 8, 2, 0, 0, 0, 0x12, 0x16, 0xF1, 0x4D],
            png[8..33]);
    }

    [Fact]
    public void Write_SmallImage_EndsWithTheStandardEndChunk()
    {
        var png = Encode();

        // IEND has no data, so its CRC is the same in every PNG file: AE 42 60 82.
        Assert.Equal([0, 0, 0, 0, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82], png[^12..]);
    }

    [Fact]
    public void Write_SmallImage_EveryChunkCarriesTheCrcOfItsTypeAndData()
    {
        var chunks = Chunks(Encode());

        Assert.Equal(["IHDR", "IDAT", "IEND"], chunks.Select(c => c.Type));
        Assert.All(chunks, c => Assert.Equal(ReferenceCrc32([.. System.Text.Encoding.ASCII.GetBytes(c.Type), .. c.Data]), c.Crc));
    }

    [Fact]
    public void Write_SmallImage_DataDecompressesToUnfilteredRows()
    {
        var data = Chunks(Encode()).Single(c => c.Type == "IDAT").Data;

        using var zlib = new ZLibStream(new MemoryStream(data), CompressionMode.Decompress);
        using var rows = new MemoryStream();
        zlib.CopyTo(rows);
        Assert.Equal([0, .. Pixels[..9], 0, .. Pixels[9..]], rows.ToArray());
    }

    private static byte[] Encode()
    {
        using var output = new MemoryStream();
        PngEncoder.Write(output, 3, 2, Pixels);
        return output.ToArray();
    }

    private static List<(string Type, byte[] Data, uint Crc)> Chunks(byte[] png)
    {
        var chunks = new List<(string, byte[], uint)>();
        for (var at = 8; at < png.Length;)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at));
            var type = System.Text.Encoding.ASCII.GetString(png, at + 4, 4);
            var data = png.AsSpan(at + 8, length).ToArray();
            var crc = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(at + 8 + length));
            chunks.Add((type, data, crc));
            at += 12 + length;
        }
        return chunks;
    }

    /// <summary>CRC-32 as the PNG specification defines it (annex D), one bit at a time.</summary>
    private static uint ReferenceCrc32(byte[] bytes)
    {
        var crc = 0xFFFF_FFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++)
                crc = (crc & 1) != 0 ? 0xEDB8_8320u ^ (crc >> 1) : crc >> 1;
        }
        return crc ^ 0xFFFF_FFFFu;
    }
}
