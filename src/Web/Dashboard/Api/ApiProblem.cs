namespace StreamAgg.Web.Dashboard.Api;

/// <summary>A request the API refuses, with the message its answer carries (<c>{"error": "…"}</c>).</summary>
internal sealed class ApiProblem(int status, string message) : Exception(message)
{
    public int Status { get; } = status;

    public static ApiProblem BadRequest(string message) => new(400, message);

    public static ApiProblem NotFound(string message) => new(404, message);
}
