namespace StreamAgg.Web.Browser.Tests.Chromium;

/// <summary>The snippet's tests share one chromium (each test takes its own context).</summary>
[CollectionDefinition(Name)]
public sealed class ChromiumCollection : ICollectionFixture<HeadlessChromium>, ICollectionFixture<PlayerSdk.SnippetSite>
{
    public const string Name = "chromium";
}
