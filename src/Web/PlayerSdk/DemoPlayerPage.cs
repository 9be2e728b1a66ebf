using System.Net;
using System.Text.Json;

namespace StreamAgg.Web.PlayerSdk;

/// <summary>The HTML of the demo's player page: a video, the snippet, and a list of what it sent.</summary>
internal static class DemoPlayerPage
{
    public static string Render(DemoPlayerOptions demo, string writeKey)
    {
        // JsonSerializer escapes <, > and & by default, so the values cannot close the script element.
        var config = JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["writeKey"] = writeKey,
            ["videoId"] = demo.VideoId,
            ["videoTitle"] = demo.VideoTitle,
            ["videoUrl"] = $"{DemoPlayerEndpoints.VideoPath}?{DemoPlayerEndpoints.KeyParameter}={Uri.EscapeDataString(writeKey)}",
        });
        var title = WebUtility.HtmlEncode(demo.VideoTitle);
        return $$"""
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{{title}} · StreamAgg demo player</title>
            <style>
              body { font: 15px/1.5 system-ui, "Liberation Sans", sans-serif; margin: 0; background: #f6f7f9; color: #1d2330; }
              main { max-width: 760px; margin: 24px auto; padding: 0 16px; }
              h1 { font-size: 20px; margin: 0 0 4px; }
              p { margin: 4px 0 12px; color: #4a5263; }
              video { width: 100%; background: #000; border-radius: 6px; }
              table { width: 100%; border-collapse: collapse; margin-top: 12px; font-size: 13px; }
              th, td { text-align: left; padding: 3px 8px; border-bottom: 1px solid #e1e4ea; }
              th { color: #4a5263; font-weight: 600; }
              th.num, td.num { text-align: right; font-variant-numeric: tabular-nums; }
            </style>
            </head>
            <body>
            <main>
              <h1>{{title}}</h1>
              <p>Play, pause, seek, change the speed or watch to the end: the StreamAgg snippet reports each step to ingest
                 (<code>/v1/events</code>), and the <a href="/">dashboard</a> shows it once the pipeline has processed it.</p>
              <video id="player" controls muted playsinline preload="auto"></video>
              <table>
                <thead><tr><th>sent</th><th>event</th><th class="num">position (s)</th><th class="num">from (s)</th><th class="num">rate</th></tr></thead>
                <tbody id="events"></tbody>
              </table>
            </main>
            <script src="/sdk/streamagg.js"></script>
            <script>
              (function () {
                var config = {{config}};
                var video = document.getElementById('player');
                video.src = config.videoUrl;
                var rows = document.getElementById('events');
                function cell(row, text, numeric) {
                  var td = document.createElement('td');
                  td.textContent = text;
                  if (numeric) td.className = 'num';
                  row.appendChild(td);
                }
                window.streamAggTracker = StreamAgg.attach(video, {
                  endpoint: location.origin,
                  writeKey: config.writeKey,
                  videoId: config.videoId,
                  videoTitle: config.videoTitle,
                  onEvent: function (event) {
                    var row = document.createElement('tr');
                    cell(row, event.timestamp.substring(11, 19));
                    cell(row, event.eventName.replace('video_', ''));
                    cell(row, event.currentTime.toFixed(1), true);
                    cell(row, event.fromTime === undefined ? '' : event.fromTime.toFixed(1), true);
                    cell(row, String(event.playbackRate), true);
                    rows.insertBefore(row, rows.firstChild);
                  }
                });
              })();
            </script>
            </body>
            </html>
            """;
    }
}
