namespace StreamAgg.Dev.Kafka.Isolation.Protocol;

// Rewrites a frame as a list of replacements (position, length of the old bytes, new bytes),
// copying the untouched stretches between them once: how a Fetch response gets a new aborted
// list and a shorter record set without the proxy re-encoding the rest.
internal sealed class FrameSplice
{
    private readonly List<(int Position, int OldLength, byte[] Replacement)> _edits = [];

    public bool IsEmpty => _edits.Count == 0;

    public void Replace(int position, int oldLength, byte[] replacement) => _edits.Add((position, oldLength, replacement));

    // The new frame, its size prefix recomputed. Edits must not overlap.
    public WireWriter Apply(ReadOnlySpan<byte> frame)
    {
        _edits.Sort((a, b) => a.Position.CompareTo(b.Position));
        var writer = new WireWriter(frame.Length);
        var at = RequestHeader.FrameStart;
        foreach (var (position, oldLength, replacement) in _edits)
        {
            writer.WriteBytes(frame[at..position]);
            writer.WriteBytes(replacement);
            at = position + oldLength;
        }

        writer.WriteBytes(frame[at..]);
        return writer;
    }
}
