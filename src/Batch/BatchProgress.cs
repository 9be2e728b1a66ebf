namespace StreamAgg.Batch;

/// <summary>How far a batch aggregation has got.</summary>
/// <param name="Lines">Input lines read.</param>
/// <param name="BytesRead">Input bytes read.</param>
/// <param name="Keys">(user, video) keys held.</param>
public readonly record struct BatchProgress(long Lines, long BytesRead, int Keys);
