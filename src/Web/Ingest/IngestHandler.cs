using System.Buffers;
using System.Diagnostics;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;
using StreamAgg.Core.Events;

namespace StreamAgg.Web.Ingest;

/// <summary>
/// <c>POST /v1/events</c>, in the order a request is judged: its origin (403), its address's rate
/// (429), its write key (401, 403), its site's rate (429), its content type (415), its size (413),
/// its shape (400, 413); then each event on its own with the processor's parser (rejected ones are
/// reported and never produced); then the valid ones go to Kafka, and the answer waits for Kafka's
/// acknowledgement (202) or its absence (503).
/// </summary>
internal sealed partial class IngestHandler
{
    private static readonly (int, DeadLetterReason)[] NoRejections = [];

    private static readonly Confluent.Kafka.Error NotProduced = new(Confluent.Kafka.ErrorCode.Local_State, "not produced: an earlier event of the request was refused");

    // The parser and its string pool are not thread-safe: one per thread, used only in the
    // synchronous validation step of a request (never across an await).
    [ThreadStatic]
    private static PlayerEventParser? t_parser;

    private readonly IngestOptions _options;
    private readonly WriteKeys _keys;
    private readonly IngestOrigins _origins;
    private readonly IngestRateLimiter _rates;
    private readonly IngestProducer _producer;
    private readonly IngestMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger _log;

    public IngestHandler(WebServerOptions server, WriteKeys keys, IngestOrigins origins, IngestRateLimiter rates, IngestProducer producer, IngestMetrics metrics, ILogger<IngestHandler> log)
    {
        _options = server.Ingest;
        _keys = keys;
        _origins = origins;
        _rates = rates;
        _producer = producer;
        _metrics = metrics;
        _time = server.Time;
        _log = log;
    }

    public async Task<IResult> PostAsync(HttpContext context)
    {
        var request = context.Request;
        if (!_origins.Admit(context))
        {
            return IngestResults.Error(StatusCodes.Status403Forbidden, "origin_not_allowed", "this origin may not post events here (serve --allowed-origin)");
        }

        if (_rates.TryAcquire(context.Connection.RemoteIpAddress) is { } addressWait)
        {
            return IngestResults.Error(StatusCodes.Status429TooManyRequests, "rate_limited", "too many requests from this address", addressWait);
        }

        var presented = request.Headers[IngestEndpoints.WriteKeyHeader];
        if (presented.Count == 0)
        {
            presented = request.Query[IngestEndpoints.WriteKeyQuery];
        }

        if (presented.Count == 0 || string.IsNullOrEmpty(presented[0]))
        {
            return IngestResults.Error(StatusCodes.Status401Unauthorized, "missing_write_key", $"send the site's write key in the {IngestEndpoints.WriteKeyHeader} header or the '{IngestEndpoints.WriteKeyQuery}' query parameter");
        }

        if (presented.Count > 1 || _keys.Find(presented[0]) is not { } site)
        {
            return IngestResults.Error(StatusCodes.Status403Forbidden, "invalid_write_key", "this write key belongs to no site");
        }

        if (_rates.TryAcquire(site) is { } siteWait)
        {
            return IngestResults.Error(StatusCodes.Status429TooManyRequests, "rate_limited", "too many requests with this write key", siteWait);
        }

        if (FormatOf(request.ContentType) is not { } format)
        {
            return IngestResults.Error(StatusCodes.Status415UnsupportedMediaType, "unsupported_media_type", "send application/json (an array of events), application/x-ndjson or text/plain");
        }

        using var body = await RequestBody.ReadAsync(request, _options.MaxBodyBytes, context.RequestAborted).ConfigureAwait(false);
        if (body.TooLarge)
        {
            return IngestResults.Error(StatusCodes.Status413PayloadTooLarge, "body_too_large", $"a request body may hold at most {_options.MaxBodyBytes} bytes");
        }

        var slices = ArrayPool<EventSlice>.Shared.Rent(_options.MaxEventsPerRequest);
        try
        {
            switch (EventBodySplitter.Split(body.Span, format, slices.AsSpan(0, _options.MaxEventsPerRequest), out int count))
            {
                case SplitOutcome.Malformed:
                    return IngestResults.Error(StatusCodes.Status400BadRequest, "invalid_body", "the body is not a JSON array of events (nor one event object); nothing was accepted");
                case SplitOutcome.TooManyEvents:
                    return IngestResults.Error(StatusCodes.Status413PayloadTooLarge, "too_many_events", $"a request may carry at most {_options.MaxEventsPerRequest} events; nothing was accepted");
            }

            return await ProduceAsync(body, slices.AsMemory(0, count), site).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<EventSlice>.Shared.Return(slices);
        }
    }

    private async Task<IResult> ProduceAsync(RequestBody body, ReadOnlyMemory<EventSlice> slices, WriteKeys.Site site)
    {
        var userIds = ArrayPool<string?>.Shared.Rent(slices.Length);
        IReadOnlyList<(int, DeadLetterReason)> rejections;
        int valid;
        DeliveryBatch batch;
        long started;
        try
        {
            rejections = Validate(body.Span, slices.Span, userIds, out valid);
            if (valid == 0)
            {
                _metrics.Outcome(0, 0, rejections);
                return IngestResults.Outcome(new IngestOutcome(0, 0, rejections, _options.UnavailableRetryAfter));
            }

            if (!_producer.TryReserve(valid))
            {
                _metrics.Outcome(0, valid, NoRejections);
                LogInFlightFull(_producer.InFlight, valid);
                return IngestResults.Error(StatusCodes.Status503ServiceUnavailable, "kafka_unavailable", "too many events are waiting for Kafka; send the request again after Retry-After", _options.UnavailableRetryAfter);
            }

            batch = new DeliveryBatch(_producer);
            started = Stopwatch.GetTimestamp();
            Hand(body.Span, slices.Span, userIds, valid, batch, site);
            batch.Seal();
        }
        finally
        {
            ArrayPool<string?>.Shared.Return(userIds, clearArray: true);
        }

        // librdkafka reports every event within its message timeout; the margin only guards
        // against a report that never comes (a defect), so that no request waits for ever.
        var patience = _options.ProduceTimeout + TimeSpan.FromSeconds(10);
        try
        {
            await batch.Completion.WaitAsync(patience, _time).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            LogNoReport(valid, patience.TotalSeconds);
            _metrics.Outcome(batch.Delivered, valid - batch.Delivered, rejections);
            return IngestResults.Outcome(new IngestOutcome(batch.Delivered, valid - batch.Delivered, rejections, _options.UnavailableRetryAfter));
        }

        _metrics.Produced(started);
        _metrics.Outcome(batch.Delivered, batch.Failed, rejections);
        if (batch.Failed > 0)
        {
            LogNotAcknowledged(batch.Failed, valid, batch.LastError?.Code ?? default, batch.LastError?.Reason ?? "");
        }

        return IngestResults.Outcome(new IngestOutcome(batch.Delivered, batch.Failed, rejections, _options.UnavailableRetryAfter));
    }

    // Each event is checked exactly as the processor checks a Kafka message; a valid one leaves its
    // userId (the message key) behind, an invalid one its index and reason.
    private static IReadOnlyList<(int, DeadLetterReason)> Validate(ReadOnlySpan<byte> body, ReadOnlySpan<EventSlice> slices, string?[] userIds, out int valid)
    {
        var parser = t_parser ??= new PlayerEventParser();
        List<(int, DeadLetterReason)>? rejections = null;
        valid = 0;
        for (int i = 0; i < slices.Length; i++)
        {
            var reason = parser.TryParse(body.Slice(slices[i].Start, slices[i].Length), out var evt);
            if (reason == DeadLetterReason.None)
            {
                userIds[i] = evt.UserId;
                valid++;
            }
            else
            {
                userIds[i] = null;
                (rejections ??= []).Add((i, reason));
            }
        }

        return rejections ?? (IReadOnlyList<(int, DeadLetterReason)>)NoRejections;
    }

    // Hands each valid event over with the exact bytes the player sent, keyed by its userId.
    private void Hand(ReadOnlySpan<byte> body, ReadOnlySpan<EventSlice> slices, string?[] userIds, int valid, DeliveryBatch batch, WriteKeys.Site site)
    {
        int handed = 0;
        for (int i = 0; i < slices.Length; i++)
        {
            if (userIds[i] is not { } userId)
            {
                continue;
            }

            handed++;
            var value = body.Slice(slices[i].Start, slices[i].Length).ToArray();
            if (!_producer.Produce(batch, Encoding.UTF8.GetBytes(userId), value, site.KafkaHeaders))
            {
                // The producer refuses (it is closing, or its queue is full): the rest would fare
                // no better, and the request is answered 503 whatever they do.
                int left = valid - handed;
                _producer.Release(left);
                for (int j = 0; j < left; j++)
                {
                    batch.Expect();
                    batch.FailWithoutReport(NotProduced);
                }

                return;
            }
        }
    }

    private static IngestBodyFormat? FormatOf(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType))
        {
            return IngestBodyFormat.Sniffed;
        }

        if (!MediaTypeHeaderValue.TryParse(contentType, out var media))
        {
            return null;
        }

        var type = media.MediaType;
        if (type.Equals("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return IngestBodyFormat.Json;
        }

        if (type.Equals("application/x-ndjson", StringComparison.OrdinalIgnoreCase) || type.Equals("application/ndjson", StringComparison.OrdinalIgnoreCase))
        {
            return IngestBodyFormat.Ndjson;
        }

        return type.Equals("text/plain", StringComparison.OrdinalIgnoreCase) ? IngestBodyFormat.Sniffed : null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "ingest: {InFlight} events await Kafka's acknowledgement; a request of {Events} is answered 503")]
    private partial void LogInFlightFull(int inFlight, int events);

    [LoggerMessage(Level = LogLevel.Warning, Message = "ingest: {Failed} of {Events} events were not acknowledged by Kafka ({Code}: {Reason}); answered 503")]
    private partial void LogNotAcknowledged(int failed, int events, Confluent.Kafka.ErrorCode code, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "ingest: no delivery report for {Events} events within {Seconds} s; answered 503")]
    private partial void LogNoReport(int events, double seconds);
}
