using System.Text.Json.Nodes;

namespace Stepwise.Server.Triggers;

/// <summary>
/// <c>trigger</c> of a webhook run: <c>type</c> (<c>webhook</c>), <c>path</c>, <c>method</c>, <c>headers</c> (names
/// in lower case; repeated headers joined with <c>", "</c>), <c>query</c> (a repeated name gives an array),
/// <c>body</c> (parsed, see <see cref="WebhookPayload"/>) and <c>raw_body</c> (the text as sent). Credentials never
/// reach the run: Authorization, Proxy-Authorization, Cookie, X-API-Key and x-functions-key are left out, and so is
/// the query parameter <c>code</c>, which the API accepts as a key.
/// </summary>
internal static class WebhookTriggerInfo
{
    private static readonly HashSet<string> CredentialHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Authorization", "Proxy-Authorization", "Cookie", "X-API-Key", "x-functions-key",
    };

    public static JsonObject From(HttpRequest request, WebhookRoute route, WebhookPayload payload)
    {
        var headers = new JsonObject();
        foreach (var (name, values) in request.Headers)
        {
            if (!CredentialHeaders.Contains(name))
            {
                headers[name.ToLowerInvariant()] = values.Count == 1 ? values[0] : string.Join(", ", values.ToArray());
            }
        }

        var query = new JsonObject();
        foreach (var (name, values) in request.Query)
        {
            if (!string.Equals(name, "code", StringComparison.OrdinalIgnoreCase))
            {
                query[name] = values.Count == 1 ? JsonValue.Create(values[0]) : new JsonArray([.. values.Select(v => JsonValue.Create(v))]);
            }
        }

        return new JsonObject
        {
            ["type"] = "webhook",
            ["path"] = route.Path,
            ["method"] = request.Method,
            ["headers"] = headers,
            ["query"] = query,
            ["body"] = payload.Body,
            ["raw_body"] = payload.RawBody,
        };
    }
}
