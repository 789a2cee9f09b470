namespace Stepwise.Server.Http;

/// <summary>The path as logs and messages show it: bounded, so a hostile URL cannot flood a log line.</summary>
internal static class RequestPath
{
    private const int MaxLength = 200;

    public static string ForLog(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        return path.Length <= MaxLength ? path : string.Concat(path.AsSpan(0, MaxLength), "...");
    }
}
