using Microsoft.Playwright;
using StreamAgg.Dev.Cli.Demo;
using StreamAgg.Web.Browser.Tests.Chromium;

namespace StreamAgg.Web.Browser.Tests.EndToEnd;

/// <summary>
/// The Show: a page plays a real video through the snippet; the events travel ingest →
/// Kafka → processor → sink → PostgreSQL; then the dashboard, in the same browser, lists the
/// video among the top videos and shows every second watched in its heatmap.
/// </summary>
public sealed class ShowTests(ShowPipeline pipeline, HeadlessChromium chromium) : IClassFixture<ShowPipeline>, IClassFixture<HeadlessChromium>
{
    [Fact]
    public async Task PlayerPage_VideoWatchedToTheEnd_AppearsOnTheDashboardWithEverySecondInItsHeatmap()
    {
        var page = await chromium.NewPageAsync();
        await page.GotoAsync(new Uri(pipeline.Address, $"/demo/player?key={Uri.EscapeDataString(pipeline.Secrets.WriteKey)}").ToString());
        await page.WaitForFunctionAsync("() => document.getElementById('player').readyState >= 3");
        var ingested = page.WaitForResponseAsync(r => r.Url.Contains("/v1/events", StringComparison.Ordinal) && r.Status == 202 && r.Request.PostData!.Contains("video_end", StringComparison.Ordinal));
        await page.EvaluateAsync("() => document.getElementById('player').play()");
        await page.WaitForFunctionAsync("() => document.getElementById('player').ended");
        // The end is sent with the next batch (within 3 s); ingest answers 202 once Kafka has it.
        await ingested;

        await SignInAsync(page, "/");
        var link = page.Locator($"#top a[href*='id={DemoWeb.VideoId}']");
        await UntilShownAsync(page, link, "the video in the overview's top list");
        Assert.Equal(DemoWeb.VideoTitle, await link.TextContentAsync());
        var row = link.Locator("xpath=ancestor::tr");
        Assert.Equal("1", (await row.Locator("td").Nth(1).InnerTextAsync()).Trim());

        await link.ClickAsync();
        await page.WaitForURLAsync("**/video?**");
        var chart = page.Locator("#heatmap .u-over");
        await UntilShownAsync(page, chart, "the video's heatmap");
        var legend = page.Locator("#heatmap .u-legend .u-series");
        for (var second = 0; second < ShowPipeline.VideoSeconds; second++)
        {
            var at = $"0:{second:00}";
            var values = await Eventually.UntilAsync(
                async () =>
                {
                    // The legend follows the cursor. A live update redraws the chart, which forgets
                    // the cursor: then the pointer has to move again.
                    // The cursor snaps to the nearest second: aim a quarter second inside the edges.
                    var box = (await chart.BoundingBoxAsync())!;
                    var x = box.X + (box.Width * Math.Clamp(second, 0.25f, ShowPipeline.VideoSeconds - 1.25f) / (ShowPipeline.VideoSeconds - 1));
                    await page.Mouse.MoveAsync(x, box.Y + (box.Height / 2) + 1);
                    await page.Mouse.MoveAsync(x, box.Y + (box.Height / 2));
                    var shown = await legend.Locator(".u-value").AllInnerTextsAsync();
                    return shown[0] == at ? shown : null;
                },
                $"the heatmap's legend at {at}");
            // The chart's x axis runs over the seconds 0 … VideoSeconds − 1: one viewer, one play each.
            Assert.Equal([at, "1", "1"], values);
        }

        await page.Context.CloseAsync();
    }

    private async Task SignInAsync(IPage page, string path)
    {
        await page.GotoAsync(new Uri(pipeline.Address, path).ToString());
        await page.FillAsync("#token", pipeline.Secrets.ReadToken);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(new Uri(pipeline.Address, path).ToString());
    }

    // The pipeline needs a few seconds (commit, session close, sink). The page updates itself when
    // new rows arrive; a reload now and then makes sure a missed update cannot fail the test.
    private static Task UntilShownAsync(IPage page, ILocator locator, string what) =>
        Eventually.UntilAsync(
            async () =>
            {
                try
                {
                    await locator.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Visible, Timeout = 10_000 });
                    return true;
                }
                catch (TimeoutException)
                {
                    await page.ReloadAsync(new PageReloadOptions { WaitUntil = WaitUntilState.DOMContentLoaded });
                    return false;
                }
            },
            what);
}
