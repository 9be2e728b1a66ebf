using System.Buffers;
using System.Runtime.InteropServices;
using StreamAgg.Heatmap.Accumulation;
using StreamAgg.Hll;

namespace StreamAgg.Heatmap;

/// <summary>
/// Accumulates the heatmap of SEMANTICS §6 from credited intervals: per (video, UTC day,
/// second of video), a sketch of distinct viewers and a count of plays. Pure: no I/O, no clock.
/// It keeps running totals (for batch output) and, separately, what changed since the last
/// <see cref="DrainDeltas"/> (for the streaming processor to emit once per commit interval).
/// </summary>
/// <remarks>Not thread-safe. Sketches start EMPTY and stay small (EXPLICIT) until a second has more than the threshold of viewers.</remarks>
public sealed class HeatmapAccumulator
{
    private readonly Dictionary<VideoDayKey, VideoDayHeatmap> _videoDays = [];
    private readonly List<VideoDayHeatmap> _withDeltas = [];
    private readonly ViewerHasher _hasher;
    private readonly HeatmapTracking _tracking;
    private readonly int _explicitLimit;
    private int _drained = -1;
    // Counts completed drains; each (video, day) remembers the last one that carried its delta.
    private int _drainGeneration;
    private long[] _drainScratch = new long[64];

    /// <summary>Creates an accumulator with the default sketch settings, no salt, totals and deltas.</summary>
    public HeatmapAccumulator()
        : this(HllSettings.Default, saltSecret: null, HeatmapTracking.Both)
    {
    }

    /// <summary>Creates an accumulator.</summary>
    /// <param name="settings">Sketch parameters; SEMANTICS fixes (14, 5, −1, on), <see cref="HllSettings.Default"/>.</param>
    /// <param name="saltSecret">The salt secret; null or empty hashes plain user ids.</param>
    /// <param name="tracking">Whether to keep totals, deltas, or both.</param>
    public HeatmapAccumulator(HllSettings settings, string? saltSecret, HeatmapTracking tracking = HeatmapTracking.Both)
    {
        if ((tracking & HeatmapTracking.Both) == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(tracking), tracking, "Track totals, deltas, or both.");
        }

        _ = new HllSketch(settings); // validates the settings once, up front
        Settings = settings;
        _explicitLimit = settings.EffectiveExplicitThreshold;
        _hasher = new ViewerHasher(saltSecret);
        _tracking = tracking;
    }

    /// <summary>The sketch parameters.</summary>
    public HllSettings Settings { get; }

    /// <summary>
    /// The number of (video, day) pairs held: every pair credited so far when totals are tracked;
    /// with deltas alone, the pairs credited within the last two drains.
    /// </summary>
    public int VideoDayCount => _videoDays.Count;

    /// <summary>
    /// Credits the interval [<paramref name="fromSeconds"/>, <paramref name="toSeconds"/>) of
    /// <paramref name="videoId"/> watched by <paramref name="userId"/>: every whole second
    /// floor(from) … ceil(to) − 1 gains the viewer and one play. The viewer is hashed once per call.
    /// An empty interval (to ≤ from) credits nothing.
    /// </summary>
    /// <param name="videoId">The video.</param>
    /// <param name="day">The UTC date of the interval's start time.</param>
    /// <param name="userId">The viewer.</param>
    /// <param name="fromSeconds">Start position in seconds, ≥ 0.</param>
    /// <param name="toSeconds">End position in seconds (exclusive).</param>
    /// <exception cref="ArgumentOutOfRangeException">A position is negative, not finite, or beyond int.MaxValue seconds.</exception>
    public void Credit(string videoId, DateOnly day, string userId, double fromSeconds, double toSeconds)
    {
        ArgumentNullException.ThrowIfNull(videoId);
        ArgumentNullException.ThrowIfNull(userId);
        if (!(fromSeconds >= 0) || !double.IsFinite(toSeconds) || toSeconds > SecondPage.MaxSecond)
        {
            ThrowHelper.BadInterval(fromSeconds, toSeconds);
        }

        if (toSeconds <= fromSeconds)
        {
            return;
        }

        int first = (int)Math.Floor(fromSeconds);
        int lastExclusive = (int)Math.Ceiling(toSeconds);
        long hash = _hasher.Hash(userId, day);

        ref VideoDayHeatmap? heatmap = ref CollectionsMarshal.GetValueRefOrAddDefault(_videoDays, new VideoDayKey(videoId, day), out _);
        heatmap ??= new VideoDayHeatmap(new VideoDayKey(videoId, day)) { LastDrain = _drainGeneration };
        if (!heatmap.HasDelta && (_tracking & HeatmapTracking.Deltas) != 0)
        {
            _withDeltas.Add(heatmap);
        }

        heatmap.Credit(first, lastExclusive, hash, Settings, _explicitLimit, _tracking);
    }

    /// <summary>The hash this accumulator counts <paramref name="userId"/> under on <paramref name="day"/> (salted if configured).</summary>
    /// <param name="userId">The viewer.</param>
    /// <param name="day">The UTC day.</param>
    /// <returns>The value PostgreSQL's <c>hll_hash_text</c> returns for the same text.</returns>
    public long ViewerHash(string userId, DateOnly day)
    {
        ArgumentNullException.ThrowIfNull(userId);
        return _hasher.Hash(userId, day);
    }

    /// <summary>
    /// Returns, per (video, day) credited since the previous call, the seconds that changed with
    /// the plays added and a sketch of only the viewers added; then starts new deltas.
    /// Ordered by video id (ordinal), then day.
    /// </summary>
    /// <returns>The deltas; empty when nothing was credited (or deltas are not tracked).</returns>
    public IReadOnlyList<HeatmapDelta> DrainDeltas()
    {
        if (_withDeltas.Count == 0)
        {
            return [];
        }

        _withDeltas.Sort(static (a, b) => Compare(a.Key, b.Key));
        var deltas = new HeatmapDelta[_withDeltas.Count];
        for (int i = 0; i < deltas.Length; i++)
        {
            deltas[i] = _withDeltas[i].DrainDelta(Settings);
            _withDeltas[i].LastDrain = _drainGeneration;
        }

        _withDeltas.Clear();
        CompleteDrain();
        return deltas;
    }

    /// <summary>
    /// The streaming form of <see cref="DrainDeltas"/>, for a caller that only sends the deltas on:
    /// writes the next (video, day) delta, in the same order, as the bytes
    /// <see cref="HeatmapDeltaCodec.Write"/> would write for it, without building sketches for
    /// seconds whose viewers are still an explicit set. Call until it returns false; the deltas
    /// then start over, as after <see cref="DrainDeltas"/>.
    /// </summary>
    /// <param name="writer">Receives one encoded delta per call.</param>
    /// <param name="videoId">The delta's video.</param>
    /// <param name="day">The delta's day.</param>
    /// <param name="seconds">The seconds it holds.</param>
    /// <returns>False when every delta has been written.</returns>
    public bool TryDrainNextDelta(IBufferWriter<byte> writer, out string videoId, out DateOnly day, out int seconds)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (_drained < 0)
        {
            _withDeltas.Sort(static (a, b) => Compare(a.Key, b.Key));
            _drained = 0;
        }

        if (_drained == _withDeltas.Count)
        {
            _withDeltas.Clear();
            _drained = -1;
            CompleteDrain();
            (videoId, day, seconds) = (string.Empty, default, 0);
            return false;
        }

        VideoDayHeatmap heatmap = _withDeltas[_drained++];
        (videoId, day) = (heatmap.Key.VideoId, heatmap.Key.Day);
        seconds = heatmap.DrainDeltaTo(writer, Settings, ref _drainScratch);
        heatmap.LastDrain = _drainGeneration;
        return true;
    }

    // With deltas alone a (video, day) holds nothing once drained but its reusable pages: forget
    // the ones idle for two drains, so a long-running processor keeps the (video, day) pairs being
    // watched now rather than every pair it ever saw. Totals must be kept for ever (batch output).
    private void CompleteDrain()
    {
        _drainGeneration++;
        if (_tracking != HeatmapTracking.Deltas)
        {
            return;
        }

        foreach (KeyValuePair<VideoDayKey, VideoDayHeatmap> pair in _videoDays)
        {
            if (_drainGeneration - pair.Value.LastDrain > 2)
            {
                // Removing the current entry while enumerating is allowed (and allocates nothing).
                _videoDays.Remove(pair.Key);
            }
        }
    }

    /// <summary>
    /// The running totals as heatmap rows, sorted by video id (ordinal), day and second.
    /// Empty unless totals are tracked.
    /// </summary>
    /// <returns>One row per credited (video, day, second).</returns>
    public IEnumerable<HeatmapRow> Rows()
    {
        VideoDayHeatmap[] heatmaps = [.. _videoDays.Values];
        Array.Sort(heatmaps, static (a, b) => Compare(a.Key, b.Key));
        HllSettings settings = Settings;
        int explicitLimit = _explicitLimit;
        return heatmaps.SelectMany(h => h.Rows(settings, explicitLimit));
    }

    private static int Compare(VideoDayKey a, VideoDayKey b)
    {
        int byVideo = string.CompareOrdinal(a.VideoId, b.VideoId);
        return byVideo != 0 ? byVideo : a.Day.CompareTo(b.Day);
    }
}
