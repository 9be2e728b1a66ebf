using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace StreamAgg.Web.Dashboard.Live;

/// <summary>
/// One poller for every open event stream: while anyone listens, it reads the <see cref="StoreChange"/>
/// mark every <see cref="PollInterval"/> (two index-free reads of small tables) and hands a new mark
/// to each listener only when it differs from the last one. No listener, no query.
/// </summary>
internal sealed class StoreChangeFeed(NpgsqlDataSource dataSource, TimeProvider time, ILoggerFactory? logging = null) : BackgroundService
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    private const string MarkSql =
        """
        SELECT (SELECT coalesce(sum(next_offset), 0)::bigint FROM sink_offsets),
               (SELECT max(refreshed_at) FROM heatmap_window)
        """;

    private readonly ILogger _log = (logging ?? NullLoggerFactory.Instance).CreateLogger<StoreChangeFeed>();
    private readonly Lock _lock = new();
    private readonly List<Channel<StoreChange>> _listeners = [];
    private StoreChange? _last;

    /// <summary>Starts listening: the channel gets the current mark at the next poll, then every change.</summary>
    public ChannelReader<StoreChange> Listen(CancellationToken until)
    {
        // Only the newest mark matters to a slow reader.
        var channel = Channel.CreateBounded<StoreChange>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest });
        lock (_lock)
        {
            _listeners.Add(channel);
            if (_last is not null)
                channel.Writer.TryWrite(_last);
        }
        until.Register(() =>
        {
            lock (_lock)
                _listeners.Remove(channel);
            channel.Writer.TryComplete();
        });
        return channel.Reader;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(PollInterval, time);
        do
        {
            lock (_lock)
            {
                if (_listeners.Count == 0)
                {
                    // Nobody listens: the next listener must get a fresh mark, not one from long ago.
                    _last = null;
                    continue;
                }
            }
            try
            {
                var mark = await ReadAsync(stoppingToken).ConfigureAwait(false);
                lock (_lock)
                {
                    if (mark == _last)
                        continue;
                    _last = mark;
                    foreach (var listener in _listeners)
                        listener.Writer.TryWrite(mark);
                }
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                _log.LogWarning(e, "dashboard: the store's change mark could not be read; retrying");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    private async Task<StoreChange> ReadAsync(CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(MarkSql);
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        await reader.ReadAsync(ct).ConfigureAwait(false);
        return new StoreChange(reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetFieldValue<DateTimeOffset>(1));
    }
}
