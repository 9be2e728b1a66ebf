using System.Text.Json;
using System.Text.Json.Serialization;
using StreamAgg.Sink.Heatmap;

namespace StreamAgg.Cli.Heatmap;

/// <summary>
/// <c>heatmap --json</c>: the answer and what editors compare as one JSON document, in the shape
/// an API would serve (camelCase names, enums as camelCase strings, days as YYYY-MM-DD).
/// </summary>
internal static class HeatmapJsonReport
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static string Render(HeatmapAnswer answer, IReadOnlyList<HeatmapDropoff> dropoffs, HeatmapInsights insights) =>
        JsonSerializer.Serialize(new Document(
            answer.VideoId,
            answer.From,
            answer.To,
            answer.Source,
            answer.Window,
            answer.Current,
            answer.Seconds,
            dropoffs,
            insights.Moments,
            insights.Retention), Options) + "\n";

    private sealed record Document(
        string VideoId,
        DateOnly From,
        DateOnly To,
        HeatmapAnswerSource Source,
        string? Window,
        bool Current,
        IReadOnlyList<HeatmapSecond> Seconds,
        IReadOnlyList<HeatmapDropoff> Dropoffs,
        HeatmapKeyMoments Moments,
        HeatmapRelativeRetention Retention);
}
