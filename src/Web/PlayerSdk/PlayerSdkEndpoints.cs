using Microsoft.AspNetCore.Builder;

namespace StreamAgg.Web.PlayerSdk;

/// <summary>The player snippet, <c>GET /sdk/streamagg.js</c> (issue #15, item 3).</summary>
internal static class PlayerSdkEndpoints
{
    public static WebApplication MapPlayerSdk(this WebApplication app) => app;
}
