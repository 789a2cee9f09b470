using System.Text.Json.Nodes;
using Stepwise.Server.Auth;
using Stepwise.Server.Secrets;

namespace Stepwise.Server.OAuth;

/// <summary>The body of <c>POST /api/v1/oauth/connections</c>, read and checked; every problem is named.</summary>
internal sealed record OAuthConnectionInput(
    string Name,
    string GrantType,
    string ClientId,
    string? ClientSecret,
    string TokenUrl,
    string? AuthorizeUrl,
    string? Scopes,
    string? RedirectUri)
{
    private static readonly string[] Fields =
        ["name", "grant_type", "client_id", "client_secret", "token_url", "authorize_url", "scopes", "redirect_uri"];

    public static OAuthConnectionInput? Read(JsonObject body, List<string> problems)
    {
        foreach (var (field, _) in body)
        {
            if (!Fields.Contains(field, StringComparer.Ordinal))
            {
                problems.Add($"Unknown field '{Names.Quote(field)}': a connection has {string.Join(", ", Fields)}");
            }
        }

        var name = Text(body, "name", required: true, problems);
        if (name is not null && !OrgNames.IsConnectionName(name))
        {
            problems.Add($"'{Names.Quote(name)}' is not a connection name: use {OrgNames.ConnectionRule}");
        }

        var authorizeUrl = Url(body, "authorize_url", problems);
        var grantType = Text(body, "grant_type", required: false, problems)
            ?? (authorizeUrl is null ? OAuthGrantTypes.ClientCredentials : OAuthGrantTypes.AuthorizationCode);
        if (grantType is not (OAuthGrantTypes.ClientCredentials or OAuthGrantTypes.AuthorizationCode))
        {
            problems.Add($"Field 'grant_type' must be {OAuthGrantTypes.ClientCredentials} or {OAuthGrantTypes.AuthorizationCode}, not '{Names.Quote(grantType)}'");
        }

        var clientId = Text(body, "client_id", required: true, problems);
        var clientSecret = Text(body, "client_secret", required: false, problems);
        if (grantType == OAuthGrantTypes.ClientCredentials && clientSecret is null)
        {
            problems.Add("Field 'client_secret' is required for the client_credentials grant");
        }

        var tokenUrl = Url(body, "token_url", problems);
        if (tokenUrl is null && !body.ContainsKey("token_url"))
        {
            problems.Add("Field 'token_url' is required: the provider's token endpoint");
        }

        if (grantType == OAuthGrantTypes.AuthorizationCode && authorizeUrl is null && !body.ContainsKey("authorize_url"))
        {
            problems.Add("Field 'authorize_url' is required for the authorization_code grant");
        }

        var scopes = ReadScopes(body, problems);
        var redirectUri = Url(body, "redirect_uri", problems);
        return problems.Count > 0
            ? null
            : new OAuthConnectionInput(name!, grantType, clientId!, clientSecret, tokenUrl!, authorizeUrl, scopes, redirectUri);
    }

    private static string? Text(JsonObject body, string field, bool required, List<string> problems)
    {
        if (!body.TryGetPropertyValue(field, out var node) || node is null)
        {
            if (required)
            {
                problems.Add($"Field '{field}' is required");
            }

            return null;
        }

        if (node is not JsonValue value || !value.TryGetValue<string>(out var text))
        {
            problems.Add($"Field '{field}' must be a string");
            return null;
        }

        if (text.Trim().Length == 0)
        {
            problems.Add($"Field '{field}' must not be empty");
            return null;
        }

        return text.Trim();
    }

    private static string? Url(JsonObject body, string field, List<string> problems)
    {
        var text = Text(body, field, required: false, problems);
        if (text is null)
        {
            return null;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            problems.Add($"Field '{field}' must be an absolute http or https URL, not '{Names.Quote(text)}'");
            return null;
        }

        return text;
    }

    private static string? ReadScopes(JsonObject body, List<string> problems)
    {
        if (!body.TryGetPropertyValue("scopes", out var node) || node is null)
        {
            return null;
        }

        var items = node is JsonArray array ? array.ToList() : new List<JsonNode?> { node };
        var scopes = new List<string>();
        foreach (var item in items)
        {
            if (item is not JsonValue value || !value.TryGetValue<string>(out var scope) || scope.Trim().Length == 0)
            {
                problems.Add("Field 'scopes' must be a string (space-separated) or a list of strings");
                return null;
            }

            scopes.AddRange(scope.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }

        return scopes.Count == 0 ? null : string.Join(' ', scopes);
    }
}
