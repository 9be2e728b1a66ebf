namespace StreamAgg.Hll;

/// <summary>
/// How a sketch is (or would be) serialized; the values are postgresql-hll's type codes,
/// the low nibble of the first byte.
/// </summary>
public enum HllRepresentation
{
    /// <summary>No hash added yet.</summary>
    Empty = 1,

    /// <summary>The distinct hashes themselves, exact.</summary>
    Explicit = 2,

    /// <summary>Registers, listing only the non-zero ones.</summary>
    Sparse = 3,

    /// <summary>Registers, all of them packed.</summary>
    Full = 4,
}
