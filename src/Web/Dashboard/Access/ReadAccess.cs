using Microsoft.AspNetCore.Http;

namespace StreamAgg.Web.Dashboard.Access;

/// <summary>What a request presented: nothing, a wrong credential, or a valid one.</summary>
internal enum ReadAccess
{
    Missing,
    Wrong,
    Granted,
}

/// <summary>Reads the credential of a request: <c>Authorization: Bearer</c> first, else the session cookie.</summary>
internal static class ReadAccessOfRequest
{
    public static ReadAccess Check(HttpContext context, ReadTokenCheck check)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        if (authorization.Length > 0)
        {
            const string scheme = "Bearer ";
            return authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) && check.IsToken(authorization[scheme.Length..].Trim())
                ? ReadAccess.Granted
                : ReadAccess.Wrong;
        }

        if (context.Request.Cookies.TryGetValue(ReadTokenCheck.CookieName, out var cookie))
            return check.IsSession(cookie) ? ReadAccess.Granted : ReadAccess.Wrong;
        return ReadAccess.Missing;
    }
}
