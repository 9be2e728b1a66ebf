using System.Globalization;
using System.Text;

namespace StreamAgg.Processor.State;

/// <summary>
/// What a task's local store reflects (Kafka Streams' <c>.checkpoint</c>): the changelog read up
/// to <paramref name="ChangelogOffset"/> (the next offset to restore from), the input position
/// that state stands at, the task's stream time then (the newest event time of all its keys, which
/// a restoration of only the changelog's tail cannot see), and whose store it is (application, changelog partition), so a store
/// of another deployment or partition is never taken for this one.
/// </summary>
/// <remarks>
/// A text file of <c>name=value</c> lines after a version line, closed by an <c>end</c> line:
/// a file cut short (a crash while writing it) lacks the end and is not trusted.
/// </remarks>
internal sealed record StateCheckpoint(string ApplicationId, string ChangelogTopic, int Partition, long ChangelogOffset, long? InputPosition, long? StreamTimeMs = null)
{
    private const string VersionLine = "streamagg-checkpoint 1";

    public string Format()
    {
        var text = new StringBuilder()
            .Append(VersionLine).Append('\n')
            .Append("application=").Append(ApplicationId).Append('\n')
            .Append("changelog=").Append(ChangelogTopic).Append('\n')
            .Append("partition=").Append(Partition.ToString(CultureInfo.InvariantCulture)).Append('\n')
            .Append("offset=").Append(ChangelogOffset.ToString(CultureInfo.InvariantCulture)).Append('\n');
        if (InputPosition is { } position)
        {
            text.Append("position=").Append(position.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        if (StreamTimeMs is { } streamTime)
        {
            text.Append("stream-time=").Append(streamTime.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        return text.Append("end\n").ToString();
    }

    /// <summary>Reads a checkpoint; null for anything but a complete one of this format.</summary>
    public static StateCheckpoint? TryParse(string text)
    {
        var lines = text.Split('\n');
        if (lines.Length < 2 || lines[0] != VersionLine)
        {
            return null;
        }

        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        var ended = false;
        foreach (var line in lines.Skip(1))
        {
            if (line == "end")
            {
                ended = true;
                break;
            }

            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0 || !fields.TryAdd(line[..equals], line[(equals + 1)..]))
            {
                return null;
            }
        }

        if (!ended
            || !fields.TryGetValue("application", out var application)
            || !fields.TryGetValue("changelog", out var changelog)
            || !TryReadLong(fields, "partition", out var partition) || partition is < 0 or > int.MaxValue
            || !TryReadLong(fields, "offset", out var offset) || offset < 0)
        {
            return null;
        }

        long? position = null;
        if (fields.ContainsKey("position"))
        {
            if (!TryReadLong(fields, "position", out var value) || value < 0)
            {
                return null;
            }

            position = value;
        }

        long? streamTime = null;
        if (fields.TryGetValue("stream-time", out var streamTimeText))
        {
            if (!long.TryParse(streamTimeText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
            {
                return null;
            }

            streamTime = value;
        }

        return new StateCheckpoint(application, changelog, (int)partition, offset, position, streamTime);
    }

    private static bool TryReadLong(Dictionary<string, string> fields, string name, out long value)
    {
        value = 0;
        return fields.TryGetValue(name, out var text) && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }
}
