namespace StreamAgg.Cli.Heatmap;

/// <summary>Draws a <see cref="ChartScene"/> into an RGB pixel buffer (three bytes per pixel, rows top to bottom).</summary>
internal sealed class PngRasterizer
{
    private readonly byte[] _pixels;

    private PngRasterizer(int width, int height)
    {
        Width = width;
        Height = height;
        _pixels = new byte[width * height * 3];
    }

    public int Width { get; }

    public int Height { get; }

    public ReadOnlySpan<byte> Pixels => _pixels;

    public static PngRasterizer Draw(ChartScene scene)
    {
        var raster = new PngRasterizer(scene.Width, scene.Height);
        foreach (var shape in scene.Shapes)
        {
            switch (shape)
            {
                case ChartRect r:
                    // Edges rounded outwards so one-second bars narrower than a pixel still show.
                    raster.Fill((int)Math.Floor(r.X), (int)Math.Floor(r.Y), (int)Math.Ceiling(r.X + r.Width), (int)Math.Ceiling(r.Y + r.Height), r.Fill);
                    break;
                case ChartLine l:
                    raster.Line(l);
                    break;
                case ChartText t:
                    raster.Text(t);
                    break;
            }
        }
        return raster;
    }

    private void Fill(int x0, int y0, int x1, int y1, ChartColor color)
    {
        for (var y = Math.Max(0, y0); y < Math.Min(Height, y1); y++)
        {
            for (var x = Math.Max(0, x0); x < Math.Min(Width, x1); x++)
                Set(x, y, color);
        }
    }

    private void Line(ChartLine line)
    {
        var steps = (int)Math.Ceiling(Math.Max(Math.Abs(line.X2 - line.X1), Math.Abs(line.Y2 - line.Y1))) + 1;
        var half = (int)Math.Max(0, Math.Round(line.Width) - 1);
        for (var i = 0; i <= steps; i++)
        {
            var x = (int)Math.Round(line.X1 + (line.X2 - line.X1) * i / steps);
            var y = (int)Math.Round(line.Y1 + (line.Y2 - line.Y1) * i / steps);
            Fill(x, y, x + 1 + half, y + 1 + half, line.Stroke);
        }
    }

    private void Text(ChartText text)
    {
        var scale = text.Large ? 3 : 2;
        var advance = (PixelFont.GlyphWidth + 1) * scale;
        var width = text.Text.Length * advance - scale;
        var x = (int)Math.Round(text.Anchor switch
        {
            TextAnchor.Middle => text.X - width / 2.0,
            TextAnchor.End => text.X - width,
            _ => text.X,
        });
        var y = (int)Math.Round(text.Y - PixelFont.GlyphHeight * scale / 2.0);
        foreach (var c in text.Text)
        {
            for (var row = 0; row < PixelFont.GlyphHeight; row++)
            {
                for (var column = 0; column < PixelFont.GlyphWidth; column++)
                {
                    if (PixelFont.Ink(c, column, row))
                        Fill(x + column * scale, y + row * scale, x + (column + 1) * scale, y + (row + 1) * scale, text.Fill);
                }
            }
            x += advance;
        }
    }

    private void Set(int x, int y, ChartColor color)
    {
        var at = (y * Width + x) * 3;
        _pixels[at] = color.R;
        _pixels[at + 1] = color.G;
        _pixels[at + 2] = color.B;
    }
}
