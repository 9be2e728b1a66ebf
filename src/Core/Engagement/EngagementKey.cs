namespace StreamAgg.Core.Engagement;

/// <summary>
/// The key engagement state is kept under: (userId, videoId), SEMANTICS.md §2. A struct with
/// ordinal equality, so keys are never concatenated into strings (a user id may contain any
/// character, a separator included).
/// </summary>
public readonly struct EngagementKey : IEquatable<EngagementKey>
{
    /// <summary>Creates a key.</summary>
    public EngagementKey(string userId, string videoId)
    {
        UserId = userId;
        VideoId = videoId;
    }

    /// <summary>The viewer.</summary>
    public string UserId { get; }

    /// <summary>The video.</summary>
    public string VideoId { get; }

    /// <inheritdoc/>
    public bool Equals(EngagementKey other) =>
        string.Equals(UserId, other.UserId, StringComparison.Ordinal)
        && string.Equals(VideoId, other.VideoId, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is EngagementKey other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() =>
        HashCode.Combine(StringComparer.Ordinal.GetHashCode(UserId), StringComparer.Ordinal.GetHashCode(VideoId));

    /// <summary>Ordinal equality.</summary>
    public static bool operator ==(EngagementKey left, EngagementKey right) => left.Equals(right);

    /// <summary>Ordinal inequality.</summary>
    public static bool operator !=(EngagementKey left, EngagementKey right) => !left.Equals(right);

    /// <inheritdoc/>
    public override string ToString() => $"({UserId}, {VideoId})";
}
