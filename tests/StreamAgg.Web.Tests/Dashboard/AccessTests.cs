using System.Net;
using System.Net.Http.Headers;

namespace StreamAgg.Web.Tests.Dashboard;

/// <summary>The read token guards the API and the pages; the login page turns it into a session cookie.</summary>
[Collection(DashboardCollection.Name)]
public sealed class AccessTests(DashboardServer server)
{
    [Theory]
    [InlineData("/api/overview")]
    [InlineData("/api/video?id=v1")]
    [InlineData("/api/events")]
    [InlineData("/api/no-such-route")]
    public async Task Api_NoToken_401(string path)
    {
        using var client = server.Anonymous();

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.StartsWith("Bearer", response.Headers.WwwAuthenticate.ToString());
    }

    [Theory]
    [InlineData("Bearer", "dashboard-test-read-token-7f3b")]
    [InlineData("Bearer", "dashboard-test-read-token-7f3a-and-more")]
    [InlineData("Bearer", "")]
    [InlineData("Basic", DashboardServer.ReadToken)]
    public async Task Api_WrongToken_401(string scheme, string token)
    {
        using var client = server.Anonymous();
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", $"{scheme} {token}");

        using var response = await client.GetAsync("/api/overview");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("invalid_token", response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task Api_TheTokenAsCookie_401()
    {
        // The cookie holds a value derived from the token, so neither can stand in for the other.
        using var client = server.Anonymous();
        client.DefaultRequestHeaders.Add("Cookie", $"streamagg_session={DashboardServer.ReadToken}");

        using var response = await client.GetAsync("/api/overview");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/video?id=v1&window=last-7-days")]
    public async Task Page_NoSession_RedirectsToLoginWithTheWayBack(string path)
    {
        using var client = server.Anonymous();

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/login?next=" + Uri.EscapeDataString(path), response.Headers.Location?.OriginalString);
    }

    [Theory]
    [InlineData("/dashboard/overview.js")]
    [InlineData("/dashboard/uPlot.iife.min.js")]
    public async Task Script_NoSession_401(string path)
    {
        using var client = server.Anonymous();

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Login_WrongToken_401AndNoCookie()
    {
        using var client = server.Anonymous();

        using var response = await client.PostAsync("/login", Form("not-the-token", "/"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.False(response.Headers.Contains("Set-Cookie"));
        Assert.Contains("not the read token", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Login_Token_SetsAStrictHttpOnlyCookieThatOpensPagesAndTheApi()
    {
        using var client = server.Anonymous();

        using var login = await client.PostAsync("/login", Form(DashboardServer.ReadToken, "/video?id=v1"));

        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.Equal("/video?id=v1", login.Headers.Location?.OriginalString);
        var cookie = Assert.Single(login.Headers.GetValues("Set-Cookie"));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(DashboardServer.ReadToken, cookie);
        var session = cookie.Split(';')[0];

        using var page = new HttpRequestMessage(HttpMethod.Get, "/video?id=v1");
        page.Headers.Add("Cookie", session);
        using var pageResponse = await client.SendAsync(page);
        Assert.Equal(HttpStatusCode.OK, pageResponse.StatusCode);
        Assert.Contains("Where viewers watch", await pageResponse.Content.ReadAsStringAsync());
        Assert.Contains("script-src 'self'", pageResponse.Headers.GetValues("Content-Security-Policy").Single());

        using var api = new HttpRequestMessage(HttpMethod.Get, "/api/overview");
        api.Headers.Add("Cookie", session);
        using var apiResponse = await client.SendAsync(api);
        Assert.Equal(HttpStatusCode.OK, apiResponse.StatusCode);
    }

    [Theory]
    [InlineData("//evil.example/")]
    [InlineData("/\\evil.example/")]
    [InlineData("https://evil.example/")]
    public async Task Login_NextElsewhere_GoesToTheOverviewInstead(string next)
    {
        using var client = server.Anonymous();

        using var login = await client.PostAsync("/login", Form(DashboardServer.ReadToken, next));

        Assert.Equal("/", login.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Page_BearerToken_Serves()
    {
        using var client = server.Reader();

        using var response = await client.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(new MediaTypeHeaderValue("text/html") { CharSet = "utf-8" }, response.Content.Headers.ContentType);
    }

    private static FormUrlEncodedContent Form(string token, string next) => new([new("token", token), new("next", next)]);
}
