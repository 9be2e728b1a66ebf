using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace StreamAgg.Web.Browser.Tests.PlayerSdk;

/// <summary>
/// One test's stand-in for ingest: keeps each request (content type, key, events) and answers
/// 202, or what the test queued with <see cref="AnswerNext"/>.
/// </summary>
public sealed class Inbox(string id, Uri site)
{
    private readonly ConcurrentQueue<(int Status, int? RetryAfterSeconds)> _answers = new();
    private readonly List<ReceivedRequest> _requests = [];

    public string Id { get; } = id;

    /// <summary>What the snippet takes as <c>endpoint</c>: it posts to endpoint + <c>/v1/events</c>.</summary>
    public Uri Endpoint { get; } = new(site, $"/inbox/{id}");

    public IReadOnlyList<ReceivedRequest> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>Every event of the requests answered 202, in arrival order.</summary>
    public IReadOnlyList<JsonObject> Accepted => [.. Requests.Where(r => r.Status == StatusCodes.Status202Accepted).SelectMany(r => r.Events)];

    /// <summary>The next request gets this answer instead of 202.</summary>
    public void AnswerNext(int status, int? retryAfterSeconds = null) => _answers.Enqueue((status, retryAfterSeconds));

    internal async Task<IResult> ReceiveAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var events = JsonNode.Parse(body)!.AsArray().Select(e => e!.AsObject()).ToList();
        var (status, retryAfter) = _answers.TryDequeue(out var answer) ? answer : (StatusCodes.Status202Accepted, null);
        lock (_requests)
        {
            _requests.Add(new ReceivedRequest(
                context.Request.ContentType ?? "",
                context.Request.Headers["X-StreamAgg-Key"].ToString(),
                context.Request.Query["key"].ToString(),
                events,
                status));
        }

        if (retryAfter is { } seconds)
        {
            context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return status == StatusCodes.Status202Accepted
            ? Results.Json(new { accepted = events.Count, rejected = 0 }, statusCode: status)
            : Results.StatusCode(status);
    }
}

/// <summary>One request as the inbox received it.</summary>
public sealed record ReceivedRequest(string ContentType, string KeyHeader, string KeyQuery, IReadOnlyList<JsonObject> Events, int Status);
