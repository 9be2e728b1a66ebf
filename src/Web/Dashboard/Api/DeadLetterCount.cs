namespace StreamAgg.Web.Dashboard.Api;

/// <summary>
/// Dead letters of one reason in the range. <c>Stage</c> <c>processor</c>: the
/// <c>dead-letters</c> topic, by record timestamp; <c>sink</c>: <c>sink_dead_letters</c>, by when they were recorded.
/// </summary>
internal sealed record DeadLetterCount(string Stage, string Reason, long Count);
