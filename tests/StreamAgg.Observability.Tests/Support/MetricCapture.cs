using System.Diagnostics.Metrics;

namespace StreamAgg.Observability.Tests.Support;

/// <summary>
/// Listens to the instruments of one meter (the instance under test, not another test's) and
/// keeps counter sums, histogram counts and the latest gauge values per attribute set.
/// </summary>
internal sealed class MetricCapture : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly Dictionary<(string Name, string Tags), double> _sums = [];
    private readonly Dictionary<(string Name, string Tags), long> _recordings = [];
    private readonly Dictionary<(string Name, string Tags), double> _gauges = [];
    private readonly HashSet<string> _published = [];

    public MetricCapture(Meter meter)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter, meter))
            {
                lock (_published)
                {
                    _published.Add(instrument.Name);
                }

                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.Start();
    }

    public IReadOnlyCollection<string> Instruments
    {
        get
        {
            lock (_published)
            {
                return [.. _published];
            }
        }
    }

    /// <summary>The sum of a counter's (or up-down counter's) measurements with exactly these attributes ("" for none).</summary>
    public double Sum(string name, string tags = "")
    {
        lock (_sums)
        {
            return _sums.GetValueOrDefault((name, tags));
        }
    }

    /// <summary>The sum over every attribute set.</summary>
    public double Total(string name)
    {
        lock (_sums)
        {
            return _sums.Where(p => p.Key.Name == name).Sum(p => p.Value);
        }
    }

    /// <summary>How many values a histogram recorded (any attributes).</summary>
    public long Recordings(string name)
    {
        lock (_sums)
        {
            return _recordings.Where(p => p.Key.Name == name).Sum(p => p.Value);
        }
    }

    /// <summary>The latest values of an observable gauge, per attribute set, read now.</summary>
    public IReadOnlyDictionary<string, double> Gauge(string name)
    {
        lock (_sums)
        {
            _gauges.Clear();
        }

        _listener.RecordObservableInstruments();
        lock (_sums)
        {
            return _gauges.Where(p => p.Key.Name == name).ToDictionary(p => p.Key.Tags, p => p.Value);
        }
    }

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var key = (instrument.Name, Format(tags));
        lock (_sums)
        {
            if (instrument is ObservableGauge<long> or ObservableGauge<double>)
            {
                _gauges[key] = value;
            }
            else if (instrument is Histogram<double> or Histogram<long>)
            {
                _recordings[key] = _recordings.GetValueOrDefault(key) + 1;
            }
            else
            {
                _sums[key] = _sums.GetValueOrDefault(key) + value;
            }
        }
    }

    private static string Format(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var parts = new List<string>();
        foreach (var tag in tags)
        {
            parts.Add($"{tag.Key}={tag.Value}");
        }

        parts.Sort(StringComparer.Ordinal);
        return string.Join(",", parts);
    }

    public override string ToString()
    {
        lock (_sums)
        {
            return string.Join("; ", _sums.Select(p => $"{p.Key.Name}{{{p.Key.Tags}}}={p.Value}"))
                + " | " + string.Join("; ", _recordings.Select(p => $"{p.Key.Name}{{{p.Key.Tags}}}#{p.Value}"));
        }
    }

    public void Dispose() => _listener.Dispose();
}
