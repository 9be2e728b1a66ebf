using System.Globalization;
using System.Text;

namespace StreamAgg.Simulator.Workload;

/// <summary>
/// The simulated audience: a deterministic, seeded model of viewers watching videos, turned
/// into player-event messages on a simulated clock. Pure: no I/O and no clock of its own, time
/// starts at the given instant and advances with the events. <see cref="Next"/> never ends;
/// the caller decides when to stop. The same options and start give the same bytes.
/// </summary>
/// <remarks>
/// Viewers act one at a time in event-time order (an agenda keyed by each viewer's next action).
/// Faults are injected on the way out: bad input replaces an event, duplicates and held-back
/// events wait in a second queue until their send time.
/// </remarks>
public sealed partial class WorkloadGenerator
{
    private readonly Random _random;
    private readonly VideoCatalog _catalog;
    private readonly IReadOnlyList<SimulatedVideo> _videos;
    private readonly EventJsonWriter _writer;
    private readonly double _badInputFraction;
    private readonly double _duplicateFraction;
    private readonly double _outOfOrderFraction;
    private readonly PriorityQueue<Viewer, AgendaSlot> _agenda;
    private readonly PriorityQueue<HeldMessage, AgendaSlot> _held = new();
    private PlayerEventFields _event;
    private long _nextEventSeq = 1;
    private long _nextHeldTie;

    /// <summary>Builds the catalogue and the audience from <see cref="SimulationOptions.Seed"/>.</summary>
    /// <param name="options">Uses Viewers, Videos, Seed, the three fault fractions and VideosWithMetadataFraction.</param>
    /// <param name="start">Simulated time of the beginning; the first events come within its first seconds.</param>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public WorkloadGenerator(SimulationOptions options, DateTimeOffset start)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.EnsureValid();
        Start = start;
        _random = new Random(options.Seed);
        _badInputFraction = options.BadInputFraction;
        _duplicateFraction = options.DuplicateFraction;
        _outOfOrderFraction = options.OutOfOrderFraction;
        _catalog = new VideoCatalog(_random, options.Videos, options.VideosWithMetadataFraction);
        _videos = _catalog.Videos;

        long startMs = start.ToUnixTimeMilliseconds();
        ulong mix = Mix(((ulong)(uint)options.Seed << 32) ^ (ulong)startMs);
        _writer = new EventJsonWriter(Encoding.ASCII.GetBytes((mix >> 24).ToString("x10", CultureInfo.InvariantCulture)));

        _agenda = new PriorityQueue<Viewer, AgendaSlot>(options.Viewers);
        for (int i = 0; i < options.Viewers; i++)
        {
            var viewer = CreateViewer(i, mix);
            viewer.Action = ViewerAction.StartVisit;
            viewer.ActionMs = startMs + (_random.Chance(ViewingHabits.InitiallyWatching)
                ? _random.UniformMs(0, 10)
                : ViewingHabits.RemainingAbsenceMs(_random));
            _agenda.Enqueue(viewer, new AgendaSlot(viewer.ActionMs, viewer.Index));
        }
    }

    /// <summary>Simulated time of the beginning.</summary>
    public DateTimeOffset Start { get; }

    /// <summary>The catalogue, including the videos without metadata.</summary>
    public IReadOnlyList<SimulatedVideo> Videos => _videos;

    /// <summary>Messages for <c>video-metadata</c>: one per video with <see cref="SimulatedVideo.HasMetadata"/>.</summary>
    public IReadOnlyList<VideoMetadataMessage> MetadataMessages() => _catalog.MetadataMessages();

    /// <summary>
    /// The next message, in send-time order. Its <see cref="SimulatedEvent.Value"/> is valid only
    /// until the following call.
    /// </summary>
    public SimulatedEvent Next()
    {
        while (true)
        {
            _agenda.TryPeek(out var viewer, out var due);
            if (_held.TryPeek(out var held, out var release) && release.TimeMs <= due.TimeMs)
            {
                _held.Dequeue();
                return new SimulatedEvent(held.Viewer.UserId, held.Viewer.UserIdUtf8, held.Value, release.TimeMs, held.EventTimeMs, held.Fault);
            }

            _agenda.Dequeue();
            bool emitted = Act(viewer!, due.TimeMs);
            _agenda.Enqueue(viewer!, new AgendaSlot(viewer!.ActionMs, viewer.Index));
            if (emitted && TrySend(viewer, out var message))
                return message;
        }
    }

    /// <summary>Writes the event just described in <see cref="_event"/>, or a fault in its place.</summary>
    private bool TrySend(Viewer viewer, out SimulatedEvent message)
    {
        ref var e = ref _event;
        e.EventSeq = _random.Chance(ViewingHabits.NoEventIdChance) ? -1 : _nextEventSeq++;
        double style = _random.NextDouble();
        e.Style = style < ViewingHabits.EpochMillisChance ? TimestampStyle.EpochMillis
            : style < ViewingHabits.EpochMillisChance + ViewingHabits.OffsetTimestampChance ? TimestampStyle.IsoOffset
            : TimestampStyle.IsoUtc;
        if (e.Style == TimestampStyle.IsoOffset)
            e.OffsetMinutes = _random.Pick<short>(ViewingHabits.OffsetsMinutes);

        if (_random.Chance(_badInputFraction))
        {
            var reason = _random.Pick(CorruptionsByReason.All);
            var corruptions = CorruptionsByReason.For(reason);
            var bad = _writer.Write(e, corruptions[_random.Next(corruptions.Length)], _random.Next(16));
            message = new SimulatedEvent(viewer.UserId, viewer.UserIdUtf8, bad, e.TimestampMs, e.TimestampMs, reason);
            return true;
        }

        var value = _writer.Write(e);
        if (_random.Chance(_outOfOrderFraction))
        {
            Hold(viewer, value, e.TimestampMs + _random.UniformMs(0.5, 5), e.TimestampMs, InjectedFault.OutOfOrder);
            message = default;
            return false;
        }

        if (_random.Chance(_duplicateFraction))
            Hold(viewer, value, e.TimestampMs + _random.Next(3000), e.TimestampMs, InjectedFault.Duplicate);

        message = new SimulatedEvent(viewer.UserId, viewer.UserIdUtf8, value, e.TimestampMs, e.TimestampMs, InjectedFault.None);
        return true;
    }

    private void Hold(Viewer viewer, ReadOnlyMemory<byte> value, long releaseMs, long eventTimeMs, InjectedFault fault) =>
        _held.Enqueue(new HeldMessage(viewer, value.ToArray(), eventTimeMs, fault), new AgendaSlot(releaseMs, _nextHeldTie++));

    private Viewer CreateViewer(int index, ulong mix)
    {
        string userId;
        if (_random.Chance(0.75))
        {
            userId = "user" + index.ToString("D7", CultureInfo.InvariantCulture);
        }
        else
        {
            // Multiplying by an odd number and xor-ing are both one-to-one on 40 bits: device ids never collide.
            ulong device = (((ulong)index * 0x9E3779B97F4A7C15UL) ^ mix) & 0xFF_FFFF_FFFFUL;
            string platform = _random.Pick<string>(["web", "web", "android", "ios", "tv"]);
            userId = "anon-" + device.ToString("x10", CultureInfo.InvariantCulture) + "|" + platform;
        }

        return new Viewer(index, userId, ViewingHabits.PreferredRate(_random), sendsSessionId: _random.Chance(0.97), alwaysSendsRate: _random.Chance(0.5));
    }

    private static ulong Mix(ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }
}
