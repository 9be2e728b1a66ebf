using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using StreamAgg.Core.Events;

namespace StreamAgg.Web.Ingest;

/// <summary>
/// The answers of <c>POST /v1/events</c>, written with <see cref="Utf8JsonWriter"/> straight to the
/// response: <c>{"accepted":n,"rejected":m,"errors":[{"index":i,"reason":"…"}]}</c>, and
/// <c>{"error":"code","message":"…"}</c> for a request refused as a whole.
/// </summary>
internal static class IngestResults
{
    /// <summary>A request refused as a whole; nothing of it was produced.</summary>
    public static IResult Error(int status, string code, string message, TimeSpan? retryAfter = null) =>
        new ErrorResult(status, code, message, retryAfter);

    /// <summary>
    /// The outcome of a request whose events were validated: 202 when every valid one was
    /// acknowledged by Kafka; 503 with <c>Retry-After</c> when some were not.
    /// </summary>
    public static IResult Outcome(IngestOutcome outcome) => new OutcomeResult(outcome);

    // Written whole with its length: no chunked encoding, one write.
    private static Task WriteAsync(HttpContext context, ArrayBufferWriter<byte> buffer)
    {
        context.Response.ContentLength = buffer.WrittenCount;
        return context.Response.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted).AsTask();
    }

    private static void SetRetryAfter(HttpResponse response, TimeSpan retryAfter) =>
        response.Headers.RetryAfter = Math.Max(1, (long)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private sealed class ErrorResult(int status, string code, string message, TimeSpan? retryAfter) : IResult, IStatusCodeHttpResult
    {
        public int? StatusCode => status;

        public async Task ExecuteAsync(HttpContext context)
        {
            var response = context.Response;
            response.StatusCode = status;
            response.ContentType = "application/json";
            if (retryAfter is { } after)
            {
                SetRetryAfter(response, after);
            }

            var buffer = new ArrayBufferWriter<byte>(256);
            using (var json = new Utf8JsonWriter(buffer))
            {
                json.WriteStartObject();
                json.WriteString("error"u8, code);
                json.WriteString("message"u8, message);
                json.WriteEndObject();
            }

            await WriteAsync(context, buffer).ConfigureAwait(false);
        }
    }

    private sealed class OutcomeResult(IngestOutcome outcome) : IResult, IStatusCodeHttpResult
    {
        public int? StatusCode => outcome.NotAccepted == 0 ? StatusCodes.Status202Accepted : StatusCodes.Status503ServiceUnavailable;

        public async Task ExecuteAsync(HttpContext context)
        {
            var response = context.Response;
            response.ContentType = "application/json";
            response.StatusCode = StatusCode!.Value;
            if (outcome.NotAccepted > 0)
            {
                SetRetryAfter(response, outcome.RetryAfter);
            }

            var buffer = new ArrayBufferWriter<byte>(128);
            using (var json = new Utf8JsonWriter(buffer))
            {
                json.WriteStartObject();
                if (outcome.NotAccepted > 0)
                {
                    json.WriteString("error"u8, "kafka_unavailable"u8);
                    json.WriteString("message"u8, "Kafka did not acknowledge every event in time: send the whole request again after Retry-After (events are deduplicated by eventId)"u8);
                }

                json.WriteNumber("accepted"u8, outcome.Accepted);
                json.WriteNumber("rejected"u8, outcome.Rejections.Count);
                if (outcome.NotAccepted > 0)
                {
                    json.WriteNumber("notAccepted"u8, outcome.NotAccepted);
                }

                json.WriteStartArray("errors"u8);
                foreach (var (index, reason) in outcome.Rejections)
                {
                    json.WriteStartObject();
                    json.WriteNumber("index"u8, index);
                    json.WriteString("reason"u8, reason.ToJsonEncodedText());
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            await WriteAsync(context, buffer).ConfigureAwait(false);
        }
    }
}
