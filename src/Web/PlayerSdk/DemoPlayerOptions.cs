namespace StreamAgg.Web.PlayerSdk;

/// <summary>
/// The demo's player page (<c>/demo/player</c>): a video that reports through the snippet, so a
/// person can click around and watch the dashboard follow. <c>streamagg demo</c> sets it; a
/// production <c>serve</c> leaves it off.
/// </summary>
public sealed class DemoPlayerOptions
{
    /// <summary>A WebM file to play.</summary>
    public required string VideoFile { get; init; }

    /// <summary>The videoId its events carry.</summary>
    public required string VideoId { get; init; }

    /// <summary>The title its events carry (the dashboard shows it).</summary>
    public required string VideoTitle { get; init; }

    /// <summary>
    /// The site (a key of <see cref="WebServerOptions.WriteKeys"/>) whose write key the page sends
    /// events with. The page, like any page with the snippet, shows that key to its viewers, so it
    /// asks for nothing more than that key (<c>?key=</c>) to open.
    /// </summary>
    public required string Site { get; init; }
}
