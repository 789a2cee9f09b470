using System.Collections.Specialized;

namespace Stepwise.Testing;

/// <summary>One request a <see cref="LocalHttpServer"/> received.</summary>
/// <param name="Number">Its place among all requests the server received (1 for the first).</param>
/// <param name="PathHits">Its place among the requests to the same path (1 for the first).</param>
public sealed record ReceivedRequest(
    string Method, string Path, string Query, NameValueCollection Headers, string Body, int Number, int PathHits)
{
    public string PathAndQuery => Path + Query;

    /// <summary>The body read as an application/x-www-form-urlencoded form.</summary>
    public IReadOnlyDictionary<string, string> Form =>
        Body.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .ToDictionary(
                parts => Uri.UnescapeDataString(parts[0].Replace('+', ' ')),
                parts => parts.Length > 1 ? Uri.UnescapeDataString(parts[1].Replace('+', ' ')) : string.Empty,
                StringComparer.Ordinal);
}
