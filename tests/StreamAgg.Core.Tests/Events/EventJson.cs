using System.Text;
using StreamAgg.Core.Events;
using Xunit;

namespace StreamAgg.Core.Tests.Events;

/// <summary>Builds event JSON from a valid default by replacing or removing fields.</summary>
internal static class EventJson
{
    private static readonly (string Name, string Value)[] Defaults =
    [
        ("userId", "\"peter\""),
        ("videoId", "\"video_001\""),
        ("eventName", "\"video_play\""),
        ("timestamp", "\"2026-11-20T10:00:00Z\""),
        ("currentTime", "0"),
    ];

    public static string Valid => Build();

    /// <summary>The default event with each named field set to a raw JSON value, or removed when the value is null; new names are appended.</summary>
    public static string Build(params (string Name, string? RawValue)[] changes)
    {
        var fields = Defaults.Select(d => (d.Name, (string?)d.Value)).ToList();
        foreach ((string name, string? value) in changes)
        {
            int i = fields.FindIndex(f => f.Name == name);
            if (i >= 0)
            {
                fields[i] = (name, value);
            }
            else
            {
                fields.Add((name, value));
            }
        }

        return "{" + string.Join(",", fields.Where(f => f.Item2 is not null).Select(f => $"\"{f.Name}\":{f.Item2}")) + "}";
    }

    public static string With(string name, string? rawValue) => Build((name, rawValue));

    public static DeadLetterReason Parse(string json, out PlayerEvent evt) =>
        new PlayerEventParser().TryParse(Encoding.UTF8.GetBytes(json), out evt);

    public static DeadLetterReason Parse(string json) => Parse(json, out _);

    public static PlayerEvent ParseValid(string json)
    {
        DeadLetterReason reason = Parse(json, out PlayerEvent evt);
        Assert.Equal(DeadLetterReason.None, reason);
        return evt;
    }
}
