using System.Globalization;

namespace StreamAgg.Hll.Tests.Golden;

/// <summary>The vectors of golden.tsv, computed by postgresql-hll itself (see generate.sh and golden.sql).</summary>
internal static class GoldenVectors
{
    private static readonly Lazy<string[][]> Lines = new(() =>
        File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Golden", "golden.tsv"))
            .Where(line => line.Length > 0)
            .Select(line => line.Split('\t'))
            .ToArray());

    public static IReadOnlyList<SketchVector> Sketches => Lines.Value
        .Where(f => f[0] == "sketch")
        .Select(f => new SketchVector(
            Name: f[1],
            Settings: new HllSettings(int.Parse(f[2], CultureInfo.InvariantCulture), int.Parse(f[3], CultureInfo.InvariantCulture),
                long.Parse(f[4], CultureInfo.InvariantCulture), f[5] == "1"),
            Spec: f[6],
            Length: int.Parse(f[7], CultureInfo.InvariantCulture),
            Sha256: f[8],
            Hex: f[9] == "-" ? null : f[9],
            Cardinality: double.Parse(f[10], CultureInfo.InvariantCulture)))
        .ToArray();

    public static IReadOnlyList<(byte[] Utf8, long Hash)> TextHashes => Lines.Value
        .Where(f => f[0] == "hash-text")
        .Select(f => (Convert.FromHexString(f[1]), long.Parse(f[2], CultureInfo.InvariantCulture)))
        .ToArray();

    public static IReadOnlyList<(long Value, long Hash)> BigintHashes => Lines.Value
        .Where(f => f[0] == "hash-bigint")
        .Select(f => (long.Parse(f[1], CultureInfo.InvariantCulture), long.Parse(f[2], CultureInfo.InvariantCulture)))
        .ToArray();

    public static SketchVector Sketch(string name) => Sketches.Single(s => s.Name == name);

    /// <summary>Builds what golden.sql builds for a spec: "empty" or PREFIX:A-B parts joined by "+" (hll_union).</summary>
    public static HllSketch Build(string spec, HllSettings settings)
    {
        HllSketch? result = null;
        foreach (string part in spec.Split('+'))
        {
            var sketch = new HllSketch(settings);
            if (part != "empty")
            {
                string prefix = part[..part.IndexOf(':', StringComparison.Ordinal)];
                string[] range = part[(prefix.Length + 1)..].Split('-');
                int from = int.Parse(range[0], CultureInfo.InvariantCulture);
                int to = int.Parse(range[1], CultureInfo.InvariantCulture);
                for (int i = from; i <= to; i++)
                {
                    sketch.Add(HllHash.Text(prefix + i.ToString(CultureInfo.InvariantCulture)));
                }
            }

            if (result is null)
            {
                result = sketch;
            }
            else
            {
                result.UnionWith(sketch);
            }
        }

        return result!;
    }
}
