using System.Globalization;
using System.Security;
using System.Text;

namespace StreamAgg.Cli.Heatmap;

/// <summary>Writes a <see cref="ChartScene"/> as a standalone SVG document.</summary>
internal static class SvgWriter
{
    public static string Write(ChartScene scene)
    {
        var svg = new StringBuilder();
        svg.Append(Invariant($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{scene.Width}\" height=\"{scene.Height}\" viewBox=\"0 0 {scene.Width} {scene.Height}\" font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\">\n"));
        foreach (var shape in scene.Shapes)
        {
            switch (shape)
            {
                case ChartRect r:
                    svg.Append(Invariant($"<rect x=\"{r.X:0.##}\" y=\"{r.Y:0.##}\" width=\"{r.Width:0.###}\" height=\"{r.Height:0.##}\" fill=\"{r.Fill.Hex}\"/>\n"));
                    break;
                case ChartLine l:
                    svg.Append(Invariant($"<line x1=\"{l.X1:0.##}\" y1=\"{l.Y1:0.##}\" x2=\"{l.X2:0.##}\" y2=\"{l.Y2:0.##}\" stroke=\"{l.Stroke.Hex}\" stroke-width=\"{l.Width:0.#}\"/>\n"));
                    break;
                case ChartText t:
                    var anchor = t.Anchor switch { TextAnchor.Middle => "middle", TextAnchor.End => "end", _ => "start" };
                    svg.Append(Invariant($"<text x=\"{t.X:0.##}\" y=\"{t.Y:0.##}\" dominant-baseline=\"middle\" text-anchor=\"{anchor}\" font-size=\"{(t.Large ? 18 : 12)}\" fill=\"{t.Fill.Hex}\">{SecurityElement.Escape(t.Text)}</text>\n"));
                    break;
            }
        }
        svg.Append("</svg>\n");
        return svg.ToString();
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
