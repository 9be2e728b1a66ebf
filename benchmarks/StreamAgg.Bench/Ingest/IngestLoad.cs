using System.Text;

namespace StreamAgg.Bench.Ingest;

/// <summary>
/// The bodies the load generator posts: batches of valid player events of many viewers (so the
/// records spread over the partitions), prepared before the clock starts.
/// </summary>
internal static class IngestLoad
{
    public static byte[][] Bodies(int count, int eventsPerRequest)
    {
        var bodies = new byte[count][];
        var start = new DateTimeOffset(2026, 12, 6, 6, 0, 0, TimeSpan.Zero);
        for (int b = 0; b < count; b++)
        {
            var text = new StringBuilder("[");
            for (int e = 0; e < eventsPerRequest; e++)
            {
                int viewer = (b * 7919 + e) % 50_000;
                var at = start.AddSeconds(b * 10 + e);
                text.Append(e == 0 ? "" : ",")
                    .Append("{\"userId\":\"viewer-").Append(viewer)
                    .Append("\",\"videoId\":\"video-").Append(viewer % 500)
                    .Append("\",\"eventName\":\"video_heartbeat\",\"timestamp\":\"").Append(at.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture))
                    .Append("\",\"currentTime\":").Append(e * 10)
                    .Append(",\"sessionId\":\"session-").Append(viewer)
                    .Append("\",\"eventId\":\"").Append(b).Append('-').Append(e)
                    .Append("\",\"videoDuration\":600,\"playbackRate\":1}");
            }

            bodies[b] = Encoding.UTF8.GetBytes(text.Append(']').ToString());
        }

        return bodies;
    }
}
