using System.Globalization;
using System.Text;

namespace StreamAgg.Processor.Tests.Engagement;

/// <summary>Hand-made player events (SEMANTICS.md §1) for the task tests.</summary>
internal static class EventJson
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 20, 10, 0, 0, TimeSpan.Zero);

    public static byte[] Event(string userId, string videoId, string eventName, DateTimeOffset at, double currentTime, string? videoDuration = "600") =>
        Encoding.UTF8.GetBytes(string.Create(
            CultureInfo.InvariantCulture,
            $$"""{"userId":"{{userId}}","videoId":"{{videoId}}","eventName":"{{eventName}}","timestamp":{{at.ToUnixTimeMilliseconds()}},"currentTime":{{currentTime}}{{(videoDuration is null ? "" : $",\"videoDuration\":{videoDuration}")}}}"""));

    public static byte[] Key(string userId) => Encoding.UTF8.GetBytes(userId);
}
