using System.Buffers;
using System.Collections.Concurrent;
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

    // Header names as the run sees them, lower case, for the names requests keep sending: Kestrel hands out its
    // known names (Host, Content-Type...) capitalized, so lower-casing them made new strings on every request. Only
    // the first names seen are kept, so a client sending made-up names cannot grow it.
    private static readonly ConcurrentDictionary<string, string> LowerNames = new(StringComparer.Ordinal);

    private const int MaxLowerNames = 256;

    public static JsonObject From(HttpRequest request, WebhookRoute route, WebhookPayload payload)
    {
        // Built whole from an array of its members, so its dictionary is made at its size instead of growing.
        var all = request.Headers;
        var members = ArrayPool<KeyValuePair<string, JsonNode?>>.Shared.Rent(all.Count);
        JsonObject headers;
        try
        {
            var count = 0;
            foreach (var (name, values) in all)
            {
                if (!CredentialHeaders.Contains(name))
                {
                    members[count++] = new(LowerName(name), values.Count == 1 ? values[0] : string.Join(", ", values.ToArray()));
                }
            }

            headers = new JsonObject(new ArraySegment<KeyValuePair<string, JsonNode?>>(members, 0, count));
        }
        finally
        {
            ArrayPool<KeyValuePair<string, JsonNode?>>.Shared.Return(members, clearArray: true);
        }

        // Reading Query parses the query string into a feature of its own: not done when there is none.
        var query = new JsonObject();
        if (request.QueryString.HasValue)
        {
            foreach (var (name, values) in request.Query)
            {
                if (!string.Equals(name, "code", StringComparison.OrdinalIgnoreCase))
                {
                    query[name] = values.Count == 1 ? JsonValue.Create(values[0]) : new JsonArray([.. values.Select(v => JsonValue.Create(v))]);
                }
            }
        }

        // From an array too: an initializer adds one member at a time, and the dictionary grew twice on the way.
        return new JsonObject(
        [
            new("type", "webhook"),
            new("path", route.Path),
            new("method", request.Method),
            new("headers", headers),
            new("query", query),
            new("body", payload.Body),
            new("raw_body", payload.RawBody),
        ]);
    }

    private static string LowerName(string name)
    {
        if (LowerNames.TryGetValue(name, out var lower))
        {
            return lower;
        }

        lower = name.ToLowerInvariant();
        if (LowerNames.Count < MaxLowerNames)
        {
            LowerNames.TryAdd(name, lower);
        }

        return lower;
    }
}
