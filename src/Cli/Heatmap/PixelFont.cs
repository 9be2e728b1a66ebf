namespace StreamAgg.Cli.Heatmap;

/// <summary>
/// A 3×5 pixel font drawn for this chart (digits, letters shown as capitals, the punctuation the
/// labels use), so the PNG needs no font files. Each glyph is five rows of three cells.
/// </summary>
internal static class PixelFont
{
    public const int GlyphWidth = 3;
    public const int GlyphHeight = 5;

    private static readonly Dictionary<char, string> Glyphs = new()
    {
        [' '] = "...............",
        ['0'] = "####.##.##.####", ['1'] = ".#.##..#..#.###", ['2'] = "###..#####..###", ['3'] = "###..#.##..####",
        ['4'] = "#.##.####..#..#", ['5'] = "####..###..####", ['6'] = "####..####.####", ['7'] = "###..#.#..#..#.",
        ['8'] = "####.#####.####", ['9'] = "####.####..####",
        ['A'] = ".#.#.#####.##.#", ['B'] = "##.#.###.#.###.", ['C'] = ".###..#..#...##", ['D'] = "##.#.##.##.###.",
        ['E'] = "####..##.#..###", ['F'] = "####..##.#..#..", ['G'] = ".###..#.##.#.##", ['H'] = "#.##.#####.##.#",
        ['I'] = "###.#..#..#.###", ['J'] = "..#..#..##.#.#.", ['K'] = "#.##.###.#.##.#", ['L'] = "#..#..#..#..###",
        ['M'] = "#.########.##.#", ['N'] = "##.#.##.##.##.#", ['O'] = ".#.#.##.##.#.#.", ['P'] = "##.#.###.#..#..",
        ['Q'] = ".#.#.##.###..##", ['R'] = "##.#.###.#.##.#", ['S'] = ".###...#...###.", ['T'] = "###.#..#..#..#.",
        ['U'] = "#.##.##.##.####", ['V'] = "#.##.##.##.#.#.", ['W'] = "#.##.########.#", ['X'] = "#.##.#.#.#.##.#",
        ['Y'] = "#.##.#.#..#..#.", ['Z'] = "###..#.#.#..###",
        [':'] = "....#.....#....", ['%'] = "#.#..#.#.#..#.#", ['-'] = "......###......", ['.'] = ".............#.",
        ['/'] = "..#..#.#.#..#..", ['#'] = "#.#####.#####.#", ['('] = ".#.#..#..#...#.", [')'] = ".#...#..#..#.#.",
        [','] = "..........#.#..", ['_'] = "............###", ['+'] = "....#.###.#....", ['='] = "...###...###...",
        ['\''] = ".#..#..........", ['?'] = "###..#.#.....#.",
    };

    /// <summary>Whether the cell (column, row) of <paramref name="c"/> is ink; unknown characters draw as '?'.</summary>
    public static bool Ink(char c, int column, int row)
    {
        var glyph = Glyphs.GetValueOrDefault(char.ToUpperInvariant(c == '–' ? '-' : c)) ?? Glyphs['?'];
        var index = row * GlyphWidth + column;
        return index < glyph.Length && glyph[index] == '#';
    }
}
