namespace StreamAgg.Cli.Heatmap;

/// <summary>
/// A chart as a list of shapes, drawn in order. One scene is written as SVG and rasterised as
/// PNG, so both files show the same chart.
/// </summary>
internal sealed class ChartScene(int width, int height)
{
    public int Width { get; } = width;

    public int Height { get; } = height;

    public List<object> Shapes { get; } = [];

    public void Add(ChartRect rect) => Shapes.Add(rect);

    public void Add(ChartLine line) => Shapes.Add(line);

    public void Add(ChartText text) => Shapes.Add(text);
}
