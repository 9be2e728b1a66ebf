using System.Text.Json;
using System.Text.Json.Serialization;

namespace StreamAgg.Web.Dashboard.Api;

/// <summary>How the API writes JSON: camelCase names, ISO-8601 dates, nulls kept (a null is an answer: "unknown").</summary>
internal static class ApiJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };
}
