using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using StreamAgg.Web.PlayerSdk;

namespace StreamAgg.Web.Tests.PlayerSdk;

/// <summary>
/// <c>/sdk/streamagg.js</c> as serve delivers it (public, cached, compressed), and the demo's
/// player page behind the demo site's write key. The snippet's behaviour in a browser is tested in
/// StreamAgg.Web.Browser.Tests.
/// </summary>
public sealed class PlayerSdkEndpointsTests(PlayerSdkServer server) : IClassFixture<PlayerSdkServer>
{
    private const string WriteKey = PlayerSdkServer.WriteKey;
    private readonly HttpClient _http = server.Http;

    [Fact]
    public async Task Script_WithoutAnyKey_IsJavaScriptCachedForAnHourWithAnETag()
    {
        using var response = await _http.GetAsync("/sdk/streamagg.js");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/javascript", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType.CharSet);
        Assert.True(response.Headers.CacheControl!.Public);
        Assert.Equal(TimeSpan.FromHours(1), response.Headers.CacheControl.MaxAge);
        Assert.NotNull(response.Headers.ETag);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        var script = await response.Content.ReadAsStringAsync();
        Assert.Contains("StreamAgg = { attach: attach", script, StringComparison.Ordinal);
        Assert.Equal(PlayerScript.Instance.Plain.Length, response.Content.Headers.ContentLength);
    }

    [Fact]
    public async Task Script_IfNoneMatchItsETag_Answers304WithoutBody()
    {
        using var first = await _http.GetAsync("/sdk/streamagg.js");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/sdk/streamagg.js");
        request.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        using var second = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Empty(await second.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Script_AcceptingGzip_IsSentCompressed()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/sdk/streamagg.js");
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip"));
        using var response = await _http.SendAsync(request);

        Assert.Equal("gzip", Assert.Single(response.Content.Headers.ContentEncoding));
        Assert.Contains("Accept-Encoding", response.Headers.Vary);
        await using var gzip = new GZipStream(await response.Content.ReadAsStreamAsync(), CompressionMode.Decompress);
        using var plain = new MemoryStream();
        await gzip.CopyToAsync(plain);
        Assert.Equal(PlayerScript.Instance.Plain, plain.ToArray());
        Assert.True(PlayerScript.Instance.Gzipped.Length * 2 < PlayerScript.Instance.Plain.Length);
    }

    [Theory]
    [InlineData("/demo/player")]
    [InlineData("/demo/player?key=wrong-key-of-the-same-length-ab")]
    [InlineData("/demo/video.webm")]
    [InlineData("/demo/video.webm?key=")]
    public async Task DemoPlayer_WithoutTheWriteKey_Answers401(string path)
    {
        using var response = await _http.GetAsync(path);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain(WriteKey, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DemoPlayer_WithTheWriteKey_ServesThePageWithEscapedValuesAndTheVideoInRanges()
    {
        using var page = await _http.GetAsync($"/demo/player?key={WriteKey}");
        var html = await page.Content.ReadAsStringAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/demo/video.webm?key={WriteKey}");
        request.Headers.Range = new RangeHeaderValue(2, 5);
        using var video = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType!.MediaType);
        Assert.Contains("<script src=\"/sdk/streamagg.js\"></script>", html, StringComparison.Ordinal);
        Assert.Contains("A &lt;b&gt;demo&lt;/b&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>demo</b>", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.PartialContent, video.StatusCode);
        Assert.Equal("video/webm", video.Content.Headers.ContentType!.MediaType);
        Assert.Equal([0xDF, 0xA3, 1, 2], await video.Content.ReadAsByteArrayAsync());
    }
}
