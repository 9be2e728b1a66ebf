using Microsoft.Playwright;

namespace StreamAgg.Web.Browser.Tests.Chromium;

/// <summary>
/// Debian's chromium (<c>/usr/bin/chromium</c>, installed by scripts/setup.sh), headless, driven by
/// Playwright through <see cref="BrowserTypeLaunchOptions.ExecutablePath"/>. Playwright gives
/// every launch a fresh temporary profile (user-data dir) and deletes it on close; each test takes
/// its own context, so storage and cookies never leak between tests.
/// </summary>
public sealed class HeadlessChromium : IAsyncLifetime
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private static readonly string[] Arguments =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("Chromium has not been launched.");

    public async Task InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException($"{ExecutablePath} is missing: ./scripts/setup.sh installs Debian's chromium.");
        }

        // Playwright downloads browsers only when told to install them; this says so once more.
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = Arguments,
        });
    }

    /// <summary>A fresh context (its own storage, cookies and cache) and a page in it.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        // Waits end when their condition holds; the limit only stops a hang, and is generous
        // because CI runs other test projects beside these on the same two cores.
        context.SetDefaultTimeout(90_000);
        return await context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
    }
}
