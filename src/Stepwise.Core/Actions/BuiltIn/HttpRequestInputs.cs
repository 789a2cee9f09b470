using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Stepwise.Core.Resilience;

namespace Stepwise.Core.Actions.BuiltIn;

/// <summary>The http action's inputs, read and checked.</summary>
internal sealed record HttpRequestInputs(
    HttpMethod Method,
    Uri Url,
    JsonObject? Headers,
    JsonNode? Body,
    TimeSpan Timeout,
    IReadOnlyList<int>? ExpectStatus,
    RateLimit? RateLimit,
    string? OAuthConnection)
{
    /// <summary><c>circuit_breaker</c>: this node's own settings for the host's breaker; null uses the server's.</summary>
    public CircuitBreakerSettings? Breaker { get; init; }

    public const string AuthShape = "{ oauth: <connection name> }";

    private static readonly string[] Methods = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

    public static bool TryRead(
        JsonObject inputs, TimeSpan defaultTimeout, [NotNullWhen(true)] out HttpRequestInputs? request,
        [NotNullWhen(false)] out string? error)
    {
        request = null;
        if (!InputReader.TryGetString(inputs, "method", required: false, out var methodText, out error)
            || !InputReader.TryGetString(inputs, "url", required: true, out var urlText, out error)
            || !InputReader.TryGetObject(inputs, "headers", out var headers, out error)
            || !InputReader.TryGetObject(inputs, "query", out var query, out error)
            || !InputReader.TryGetDuration(inputs, "timeout", required: false, out var timeout, out error)
            || !InputReader.TryGetArray(inputs, "expect_status", required: false, out var expect, out error)
            || !InputReader.TryGetString(inputs, "rate_limit", required: false, out var rateText, out error)
            || !InputReader.TryGetObject(inputs, "auth", out var auth, out error)
            || !TryReadAuth(auth, headers, out var connection, out error)
            || !InputReader.TryGetObject(inputs, "circuit_breaker", out var breakerInput, out error)
            || !CircuitBreakerSettings.TryRead(breakerInput, out var breaker, out error))
        {
            return false;
        }

        var method = (methodText ?? "GET").ToUpperInvariant();
        if (!Methods.Contains(method, StringComparer.Ordinal))
        {
            error = $"input 'method' must be one of {string.Join(", ", Methods)}, got '{methodText}'";
            return false;
        }

        if (!Uri.TryCreate(urlText, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            error = $"input 'url' must be an absolute http or https URL, got '{urlText}'";
            return false;
        }

        if (timeout is { } t && t <= TimeSpan.Zero)
        {
            error = "input 'timeout' must be greater than zero";
            return false;
        }

        if (!TryReadStatuses(expect, out var statuses, out error))
        {
            return false;
        }

        RateLimit? rate = null;
        if (rateText is not null)
        {
            if (!Resilience.RateLimit.TryParse(rateText, out var parsed, out var rateError))
            {
                error = $"input 'rate_limit': {rateError}";
                return false;
            }

            rate = parsed;
        }

        inputs.TryGetPropertyValue("body", out var body);
        request = new HttpRequestInputs(
            new HttpMethod(method), WithQuery(url, query), headers, body, timeout ?? defaultTimeout, statuses, rate, connection)
        {
            Breaker = breaker,
        };
        return true;
    }

    private static bool TryReadAuth(
        JsonObject? auth, JsonObject? headers, out string? connection, [NotNullWhen(false)] out string? error)
    {
        connection = null;
        error = null;
        if (auth is null)
        {
            return true;
        }

        if (auth.Count != 1 || !auth.TryGetPropertyValue("oauth", out var name)
            || name is not JsonValue value || !value.TryGetValue<string>(out var text) || text.Trim().Length == 0)
        {
            error = $"input 'auth' must be {AuthShape}, got {auth.ToJsonString()}";
            return false;
        }

        if (headers?.Any(h => h.Key.Equals("Authorization", StringComparison.OrdinalIgnoreCase)) == true)
        {
            error = "input 'auth' sets the Authorization header: do not also give one in 'headers'";
            return false;
        }

        connection = text.Trim();
        return true;
    }

    public static string ToText(JsonNode? value) => value switch
    {
        null => "",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        _ => value.ToJsonString(),
    };

    private static bool TryReadStatuses(
        JsonArray? expect, out IReadOnlyList<int>? statuses, [NotNullWhen(false)] out string? error)
    {
        statuses = null;
        error = null;
        if (expect is null)
        {
            return true;
        }

        var list = new List<int>(expect.Count);
        foreach (var item in expect)
        {
            if (!InputReader.TryGetInteger(item, out var status) || status is < 100 or > 599)
            {
                error = $"input 'expect_status' must be a list of HTTP status codes (100-599), got {expect.ToJsonString()}";
                return false;
            }

            list.Add((int)status);
        }

        statuses = list;
        return true;
    }

    private static Uri WithQuery(Uri url, JsonObject? query)
    {
        if (query is null || query.Count == 0)
        {
            return url;
        }

        var text = new StringBuilder(url.Query.Length > 1 ? url.Query[1..] : "");
        foreach (var (name, value) in query)
        {
            var values = value is JsonArray array ? array.AsEnumerable() : [value];
            foreach (var item in values)
            {
                if (text.Length > 0)
                {
                    text.Append('&');
                }

                text.Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(ToText(item)));
            }
        }

        return new UriBuilder(url) { Query = text.ToString() }.Uri;
    }
}
