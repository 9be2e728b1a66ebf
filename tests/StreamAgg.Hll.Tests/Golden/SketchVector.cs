namespace StreamAgg.Hll.Tests.Golden;

/// <summary>One sketch line of golden.tsv: what postgresql-hll wrote for a spec.</summary>
internal sealed record SketchVector(string Name, HllSettings Settings, string Spec, int Length, string Sha256, string? Hex, double Cardinality)
{
    public override string ToString() => Name;
}
