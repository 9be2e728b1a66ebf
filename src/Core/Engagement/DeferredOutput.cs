namespace StreamAgg.Core.Engagement;

/// <summary>
/// Holds back what one event's application reports (credits, session opened or closed) until
/// the application has succeeded, then hands it to the real output in the same order. When the
/// application fails nothing has reached the heatmap or the session counts, so undoing the key's
/// state undoes the event entirely. Reuses its buffer: allocates only when it grows.
/// </summary>
internal sealed class DeferredOutput : IEngagementOutput
{
    private Report[] _reports = new Report[8];
    private int _count;

    /// <summary>Forgets whatever was reported (the application failed).</summary>
    public void Clear()
    {
        Array.Clear(_reports, 0, _count);
        _count = 0;
    }

    /// <summary>Hands every report to <paramref name="output"/> in order, then forgets them.</summary>
    public void DeliverTo(IEngagementOutput output)
    {
        for (int i = 0; i < _count; i++)
        {
            ref readonly Report report = ref _reports[i];
            switch (report.Kind)
            {
                case ReportKind.Credited:
                    output.OnCredited(report.Key, report.Interval);
                    break;
                case ReportKind.SessionOpened:
                    output.OnSessionOpened(report.Key);
                    break;
                default:
                    output.OnSessionClosed(report.Key, report.Cause);
                    break;
            }
        }

        Clear();
    }

    public void OnCredited(in EngagementKey key, in CreditedInterval interval) =>
        Add(new Report { Kind = ReportKind.Credited, Key = key, Interval = interval });

    // The engine reports the row change itself, once the application has succeeded.
    public void OnRowChanged(in EngagementKey key)
    {
    }

    public void OnSessionOpened(in EngagementKey key) =>
        Add(new Report { Kind = ReportKind.SessionOpened, Key = key });

    public void OnSessionClosed(in EngagementKey key, SessionCloseCause cause) =>
        Add(new Report { Kind = ReportKind.SessionClosed, Key = key, Cause = cause });

    private void Add(in Report report)
    {
        if (_count == _reports.Length)
        {
            Array.Resize(ref _reports, _count * 2);
        }

        _reports[_count++] = report;
    }

    private enum ReportKind : byte
    {
        Credited,
        SessionOpened,
        SessionClosed,
    }

    private struct Report
    {
        public ReportKind Kind;
        public SessionCloseCause Cause;
        public EngagementKey Key;
        public CreditedInterval Interval;
    }
}
