namespace StreamAgg.Hll;

/// <summary>Bytes that are not a sketch postgresql-hll would read.</summary>
public sealed class HllFormatException : FormatException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong with the bytes.</param>
    public HllFormatException(string message)
        : base(message)
    {
    }
}
