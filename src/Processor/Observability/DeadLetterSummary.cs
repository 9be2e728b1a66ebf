using System.Text;
using Microsoft.Extensions.Logging;
using StreamAgg.Core.Events;

namespace StreamAgg.Processor.Observability;

/// <summary>
/// Logs how many records were dead-lettered, by reason, once per <see cref="Every"/> when there
/// were any: a rate an operator can read, instead of one line per bad event.
/// </summary>
internal sealed class DeadLetterSummary(ProcessorMetrics metrics, ILogger logger)
{
    private static readonly TimeSpan Every = TimeSpan.FromMinutes(1);
    private static readonly DeadLetterReason[] Reasons = [.. Enum.GetValues<DeadLetterReason>().Where(r => r != DeadLetterReason.None)];

    private readonly long[] _logged = new long[Reasons.Length + 1];
    private DateTimeOffset _since = DateTimeOffset.MinValue;

    public void MaybeLog(DateTimeOffset now)
    {
        if (_since == DateTimeOffset.MinValue)
        {
            _since = now;
            return;
        }

        if (now - _since < Every)
        {
            return;
        }

        var text = new StringBuilder();
        long total = 0;
        foreach (var reason in Reasons)
        {
            var sum = metrics.DeadLetterTotal(reason);
            var delta = sum - _logged[(int)reason];
            _logged[(int)reason] = sum;
            if (delta > 0)
            {
                total += delta;
                text.Append(text.Length == 0 ? "" : ", ").Append(reason.ToWireName()).Append('=').Append(delta);
            }
        }

        if (total > 0)
        {
            logger.LogWarning(
                "Dead-lettered {Count} records in the last {Seconds:F0} s ({Reasons})", total, (now - _since).TotalSeconds, text.ToString());
        }

        _since = now;
    }
}
