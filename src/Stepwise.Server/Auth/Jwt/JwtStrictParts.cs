using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Stepwise.Server.Auth.Jwt;

/// <summary>
/// The parts of a JWT the handler reads leniently, checked as the RFCs and the reference libraries (jose,
/// jsonwebtoken) do: a <c>crit</c> header (RFC 7515 §4.1.11: a recipient must refuse a token whose critical
/// extensions it does not understand, and this server understands none), and <c>exp</c>, <c>nbf</c> and <c>iat</c>,
/// which must be JSON numbers (RFC 7519 §2 NumericDate): <c>"exp": "9999999999"</c> is refused, not converted.
/// </summary>
internal static class JwtStrictParts
{
    private const string Crit = "crit";

    /// <summary>Why the header is refused, or null.</summary>
    public static string? HeaderProblem(JsonWebToken jwt)
    {
        using var header = Decode(jwt.EncodedHeader);
        if (header is null)
        {
            return "the token header is not a JSON object";
        }

        if (!header.RootElement.TryGetProperty(Crit, out var crit))
        {
            return null;
        }

        var names = crit.ValueKind == JsonValueKind.Array
            ? crit.EnumerateArray().Where(name => name.ValueKind == JsonValueKind.String).Select(name => name.GetString()!).ToList()
            : [];
        return names.Count == 0 || names.Count != crit.GetArrayLength()
            ? "the crit header must be a non-empty list of header parameter names"
            : $"the token marks header parameter(s) {string.Join(", ", names.Select(name => $"'{Names.Quote(name)}'"))} as " +
              "critical (crit), which this server does not understand";
    }

    /// <summary>The token's <c>exp</c> (required) and <c>nbf</c>, or why they are refused.</summary>
    public static (DateTimeOffset Expires, DateTimeOffset? NotBefore, string? Problem) ReadTimes(JsonWebToken jwt)
    {
        using var payload = Decode(jwt.EncodedPayload);
        if (payload is null)
        {
            return (default, null, "the token payload is not a JSON object");
        }

        var root = payload.RootElement;
        foreach (var name in new[] { JwtRegisteredClaimNames.Exp, JwtRegisteredClaimNames.Nbf, JwtRegisteredClaimNames.Iat })
        {
            if (root.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Number)
            {
                return (default, null, $"the {name} claim must be a number of seconds since 1970 (NumericDate), not {Kind(value)}");
            }
        }

        if (!root.TryGetProperty(JwtRegisteredClaimNames.Exp, out var exp))
        {
            return (default, null, "the token has no exp claim");
        }

        DateTimeOffset? notBefore = root.TryGetProperty(JwtRegisteredClaimNames.Nbf, out var nbf) ? ToTime(nbf) : null;
        return (ToTime(exp), notBefore, null);
    }

    private static JsonDocument? Decode(string encoded)
    {
        try
        {
            var document = JsonDocument.Parse(Base64UrlEncoder.DecodeBytes(encoded));
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                return document;
            }

            document.Dispose();
            return null;
        }
        catch (Exception exception) when (exception is JsonException or FormatException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>A NumericDate, which may have a fraction; one beyond the years 1 to 9999 is clamped to the end it passes.</summary>
    private static DateTimeOffset ToTime(JsonElement value)
    {
        var seconds = Math.Floor(value.GetDouble());
        return seconds <= DateTimeOffset.MinValue.ToUnixTimeSeconds() ? DateTimeOffset.MinValue
            : seconds >= DateTimeOffset.MaxValue.ToUnixTimeSeconds() ? DateTimeOffset.MaxValue
            : DateTimeOffset.FromUnixTimeSeconds((long)seconds);
    }

    private static string Kind(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => "a string",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        JsonValueKind.Array => "an array",
        _ => "an object",
    };
}
