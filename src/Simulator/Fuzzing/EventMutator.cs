using System.Globalization;
using System.Text;

namespace StreamAgg.Simulator.Fuzzing;

/// <summary>
/// Hostile player events for fuzzing the parser and the engine (issue 16): starting from valid
/// events, each input is a seed mutated the way broken players and attackers do — bytes
/// flipped, inserted, deleted or truncated; a field's value replaced by an extreme number, a
/// boundary of SEMANTICS.md §1, a wrong type or deep nesting; a field dropped or repeated;
/// or plain random bytes. Deterministic for a given seed list and random seed, so a failing
/// input can be reproduced from the seed the fuzz run printed.
/// </summary>
public sealed class EventMutator
{
    private static readonly string[] Fields =
        ["userId", "videoId", "eventName", "timestamp", "currentTime", "sessionId", "eventId", "videoDuration", "videoTitle", "playbackRate", "fromTime"];

    private static readonly string[] Values =
    [
        "0", "-0", "-1", "1e7", "10000000", "10000000.000001", "2147483640", "2147483650", "1e15", "1e308", "1e400", "-1e400",
        "5e-324", "16", "16.000001", "0.000001", "9223372036854775807", "9223372036854775808", "-9223372036854775808",
        "946684799999", "946684800000", "4102444799999", "4102444800000", "253402300799999",
        "\"2000-01-01T00:00:00Z\"", "\"1999-12-31T23:59:59.999Z\"", "\"2099-12-31T23:59:59.999Z\"", "\"2100-01-01T00:00:00Z\"",
        "\"0001-01-01T00:00:00Z\"", "\"9999-12-31T23:59:59.999Z\"", "\"2026-11-20T10:00:00\"", "\"2026-02-30T10:00:00Z\"",
        "\"video_play\"", "\"video_heartbeat\"", "\"video_seek\"", "\"video_end\"", "\"video_pause\"", "\"video_resume\"", "\"video_rewind\"",
        "\"\"", "\"\\u0000\"", "\"\\ud800\"", "\"a|b\"", "null", "true", "false", "[]", "{}", "[1,2]", "{\"a\":1}",
    ];

    private readonly byte[][] _seeds;
    private readonly Random _random;
    private long _clockMs = 1_795_168_800_000;

    /// <summary>Creates a mutator over <paramref name="seeds"/> (valid events, one JSON object each) and a random seed.</summary>
    public EventMutator(IReadOnlyList<byte[]> seeds, int randomSeed)
    {
        ArgumentNullException.ThrowIfNull(seeds);
        if (seeds.Count == 0)
        {
            throw new ArgumentException("at least one seed event is needed", nameof(seeds));
        }

        _seeds = [.. seeds];
        _random = new Random(randomSeed);
    }

    /// <summary>A few valid events of every kind, for when no scenario files are at hand.</summary>
    public static IReadOnlyList<byte[]> BuiltInSeeds { get; } = BuildSeeds();

    /// <summary>The next hostile input (sometimes a seed left valid, so that the engine sees state).</summary>
    public byte[] Next()
    {
        byte[] seed = _seeds[_random.Next(_seeds.Length)];
        return _random.Next(14) switch
        {
            0 => seed,
            // Valid events of many viewers at any position and rate, so the engine sees new
            // keys, credits, jumps and replays rather than the same seeds as duplicates.
            12 or 13 => Revalued(seed),
            1 => RandomBytes(),
            2 => FlipBytes(seed),
            3 => InsertBytes(seed),
            4 => DeleteBytes(seed),
            5 => seed[.._random.Next(seed.Length + 1)],
            6 => Nest(seed),
            7 => DropField(seed),
            8 => RepeatField(seed),
            _ => ReplaceValue(seed),
        };
    }

    private byte[] Revalued(byte[] seed)
    {
        byte[] bytes = WithField(seed, "userId", $"\"fuzz{_random.Next(500)}\"");
        bytes = WithField(bytes, "eventId", $"\"{_random.NextInt64():x}\"");
        // Time moves on, with some events out of order within the default lateness.
        _clockMs += _random.Next(0, 200);
        bytes = WithField(bytes, "timestamp", (_clockMs - _random.Next(0, 30_000)).ToString(CultureInfo.InvariantCulture));
        bytes = WithField(bytes, "currentTime", (_random.NextDouble() * PositionRange()).ToString("R", CultureInfo.InvariantCulture));
        return _random.Next(2) == 0
            ? WithField(bytes, "playbackRate", (0.01 + (_random.NextDouble() * 15.99)).ToString("R", CultureInfo.InvariantCulture))
            : bytes;
    }

    // Mostly ordinary positions, sometimes anywhere up to the 10,000,000 s limit.
    private double PositionRange() => _random.Next(4) == 0 ? 10_000_000 : 3_600;

    private byte[] RandomBytes()
    {
        var bytes = new byte[_random.Next(0, 200)];
        _random.NextBytes(bytes);
        if (bytes.Length > 0 && _random.Next(2) == 0)
        {
            bytes[0] = (byte)'{';
        }

        return bytes;
    }

    private byte[] FlipBytes(byte[] seed)
    {
        byte[] bytes = [.. seed];
        for (int n = _random.Next(1, 4); n > 0 && bytes.Length > 0; n--)
        {
            bytes[_random.Next(bytes.Length)] = (byte)_random.Next(256);
        }

        return bytes;
    }

    private byte[] InsertBytes(byte[] seed)
    {
        int at = _random.Next(seed.Length + 1);
        byte[] insert = new byte[_random.Next(1, 8)];
        _random.NextBytes(insert);
        return [.. seed.AsSpan(0, at), .. insert, .. seed.AsSpan(at)];
    }

    private byte[] DeleteBytes(byte[] seed)
    {
        int at = _random.Next(seed.Length);
        int count = Math.Min(_random.Next(1, 8), seed.Length - at);
        return [.. seed.AsSpan(0, at), .. seed.AsSpan(at + count)];
    }

    private byte[] Nest(byte[] seed)
    {
        int depth = _random.Next(60, 70);
        string nested = new string('[', depth) + "1" + new string(']', depth);
        return WithField(seed, Fields[_random.Next(Fields.Length)], nested);
    }

    private byte[] DropField(byte[] seed) => WithField(seed, Fields[_random.Next(Fields.Length)], null);

    private byte[] RepeatField(byte[] seed)
    {
        string text = Encoding.UTF8.GetString(seed).TrimEnd();
        if (!text.EndsWith('}'))
        {
            return seed;
        }

        string field = Fields[_random.Next(Fields.Length)];
        return Encoding.UTF8.GetBytes(text[..^1] + $",\"{field}\":{Values[_random.Next(Values.Length)]}}}");
    }

    private byte[] ReplaceValue(byte[] seed)
    {
        string field = Fields[_random.Next(Fields.Length)];
        string value = _random.Next(4) == 0
            ? RandomNumber()
            : Values[_random.Next(Values.Length)];
        return WithField(seed, field, value);
    }

    private string RandomNumber() => _random.Next(3) switch
    {
        0 => (_random.NextDouble() * 2e7).ToString("R", CultureInfo.InvariantCulture),
        1 => _random.NextInt64(long.MinValue, long.MaxValue).ToString(CultureInfo.InvariantCulture),
        // Any bit pattern: subnormals, huge exponents, and NaN or Infinity (not JSON at all).
        _ => BitConverter.Int64BitsToDouble(_random.NextInt64()).ToString("R", CultureInfo.InvariantCulture),
    };

    /// <summary>The seed with <paramref name="field"/> set to <paramref name="rawValue"/> (appended if absent), or removed when null.</summary>
    private static byte[] WithField(byte[] seed, string field, string? rawValue)
    {
        string text = Encoding.UTF8.GetString(seed);
        string name = $"\"{field}\":";
        int at = text.IndexOf(name, StringComparison.Ordinal);
        if (at < 0)
        {
            string trimmed = text.TrimEnd();
            return rawValue is null || !trimmed.EndsWith('}')
                ? seed
                : Encoding.UTF8.GetBytes(trimmed[..^1] + $",{name}{rawValue}}}");
        }

        int valueStart = at + name.Length;
        int valueEnd = EndOfValue(text, valueStart);
        return rawValue is null
            ? Encoding.UTF8.GetBytes(text[..at] + "\"_dropped\":0" + text[valueEnd..])
            : Encoding.UTF8.GetBytes(text[..valueStart] + rawValue + text[valueEnd..]);
    }

    // Seeds are flat objects of plain strings and numbers: a value ends at the next ',' or '}'
    // outside a string.
    private static int EndOfValue(string text, int start)
    {
        int i = start;
        while (i < text.Length && text[i] == ' ')
        {
            i++;
        }

        if (i < text.Length && text[i] == '"')
        {
            i++;
            while (i < text.Length && text[i] != '"')
            {
                i += text[i] == '\\' ? 2 : 1;
            }

            return Math.Min(i + 1, text.Length);
        }

        while (i < text.Length && text[i] != ',' && text[i] != '}')
        {
            i++;
        }

        return i;
    }

    private static byte[][] BuildSeeds()
    {
        string[] kinds = ["video_play", "video_heartbeat", "video_seek", "video_pause", "video_resume", "video_heartbeat", "video_end"];
        var seeds = new List<byte[]>();
        long t = 1_795_168_800_000;
        for (int user = 0; user < 3; user++)
        {
            for (int i = 0; i < kinds.Length; i++)
            {
                seeds.Add(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
                    $"{{\"userId\":\"u{user}\",\"videoId\":\"v{user % 2}\",\"eventName\":\"{kinds[i]}\",\"timestamp\":{t + (i * 10_000)},\"currentTime\":{i * 10},\"sessionId\":\"s{user}\",\"eventId\":\"e{user}-{i}\",\"videoDuration\":300,\"videoTitle\":\"Video\",\"playbackRate\":1,\"fromTime\":{i * 5}}}")));
            }
        }

        return [.. seeds];
    }
}
