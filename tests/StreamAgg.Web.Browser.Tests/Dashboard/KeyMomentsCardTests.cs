using Microsoft.Playwright;
using StreamAgg.Web.Browser.Tests.Chromium;

namespace StreamAgg.Web.Browser.Tests.Dashboard;

/// <summary>The video page's "Key moments" card and typical-retention note, rendered by chromium from <c>/api/video</c>.</summary>
[Collection(ChromiumCollection.Name)]
public sealed class KeyMomentsCardTests(HeadlessChromium chromium, KeyMomentsSite site) : IClassFixture<KeyMomentsSite>
{
    private static readonly string OneDay = $"from={KeyMomentsSite.Day:yyyy-MM-dd}&to={KeyMomentsSite.Day:yyyy-MM-dd}";

    [Fact]
    public async Task VideoPage_KnownMoments_ListsThemInOrderWithTimeAndSize()
    {
        var page = await SignedInAsync();

        await page.GotoAsync(new Uri(site.Address, $"/video?id=moments&{OneDay}").ToString());
        var items = page.Locator("#moments li[data-kind]");
        await items.Nth(3).WaitForAsync();

        Assert.Equal(["introDrop", "rewatch", "dip", "jumpIn"], await items.EvaluateAllAsync<string[]>("items => items.map(i => i.dataset.kind)"));
        var texts = await items.AllInnerTextsAsync();
        Assert.Equal(
            ["1 0:12 Intro drop: 25 % of viewers leave in the first 30 s 50 viewers, most at 0:12",
             "2 1:30 Rewatch: watched again: 40 extra plays 20 % of the viewers at the start (1:30–1:39)",
             "3 2:30 Dip: 15 % of viewers leave 30 more than usual",
             "4 3:20 Jump-in: 10 % more viewers arrive 20 viewers skip here"],
            texts.Select(t => string.Join(' ', t.Split((char[])[' ', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries))));
        Assert.True(await page.Locator("#moments-empty").IsHiddenAsync());
        Assert.Equal("notEnoughVideos", await page.Locator("#typical").GetAttributeAsync("data-verdict"));
        Assert.Equal("No typical curve yet: it needs 5 other videos of 5–10 min with 50+ viewers at the start, there are 0.", await page.Locator("#typical").InnerTextAsync());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task VideoPage_FewViewers_SaysWhyThereAreNoMoments()
    {
        var page = await SignedInAsync();

        await page.GotoAsync(new Uri(site.Address, $"/video?id=few&{OneDay}").ToString());
        var empty = page.Locator("#moments-empty");
        await empty.WaitForAsync();

        Assert.Equal("Too few viewers to tell moments from chance: 30 at the start, 50 needed.", await empty.InnerTextAsync());
        Assert.Equal(0, await page.Locator("#moments li").CountAsync());
        Assert.Equal("No typical curve: the comparison needs 50 viewers at the start, this range has 30.", await page.Locator("#typical").InnerTextAsync());
        await page.Context.CloseAsync();
    }

    private async Task<IPage> SignedInAsync()
    {
        var page = await chromium.NewPageAsync();
        await page.GotoAsync(new Uri(site.Address, "/login").ToString());
        await page.FillAsync("#token", KeyMomentsSite.ReadToken);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(new Uri(site.Address, "/").ToString());
        return page;
    }
}
