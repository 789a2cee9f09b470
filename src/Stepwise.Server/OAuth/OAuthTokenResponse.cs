using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Stepwise.Server.OAuth;

/// <summary>What a token endpoint answered (RFC 6749 section 5.1), or why it is unusable.</summary>
internal sealed record OAuthTokenResponse(string AccessToken, string? RefreshToken, TimeSpan? ExpiresIn)
{
    public static OAuthTokenResponse? Parse(string body, out string? problem)
    {
        problem = null;
        JsonObject? json;
        try
        {
            json = JsonNode.Parse(body) as JsonObject;
        }
        catch (JsonException)
        {
            json = null;
        }

        if (json is null)
        {
            problem = "the token endpoint did not answer with a JSON object";
            return null;
        }

        if (Text(json, "access_token") is not { Length: > 0 } accessToken)
        {
            problem = "the token endpoint's answer has no access_token";
            return null;
        }

        TimeSpan? expiresIn = json["expires_in"] switch
        {
            JsonValue number when number.TryGetValue<double>(out var seconds) && seconds > 0 => TimeSpan.FromSeconds(seconds),
            JsonValue text when text.TryGetValue<string>(out var digits)
                && double.TryParse(digits, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) && parsed > 0
                => TimeSpan.FromSeconds(parsed),
            _ => null,
        };
        return new OAuthTokenResponse(accessToken, Text(json, "refresh_token") is { Length: > 0 } refresh ? refresh : null, expiresIn);
    }

    /// <summary>The error code and description of a refused request; nothing else of the body is repeated.</summary>
    public static string DescribeError(string body)
    {
        try
        {
            if (JsonNode.Parse(body) is JsonObject json && Text(json, "error") is { Length: > 0 } error)
            {
                var description = Text(json, "error_description");
                var shown = description is { Length: > 0 } ? $"{error}: {description}" : error;
                return shown.Length > 200 ? shown[..200] + "..." : shown;
            }
        }
        catch (JsonException)
        {
            // Not JSON: the status says enough.
        }

        return "no error code";
    }

    private static string? Text(JsonObject json, string name) =>
        json[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
