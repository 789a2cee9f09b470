using Microsoft.Extensions.Primitives;

namespace Stepwise.Server.Auth;

/// <summary>
/// The API key a request presents: <c>X-API-Key</c>, <c>Authorization: Bearer</c>, <c>x-functions-key</c> (header
/// names are case-insensitive) or <c>?code=</c>, in that order. Surrounding whitespace is ignored; a source that
/// is present but empty is reported, so the 401 can say why.
/// </summary>
internal readonly record struct PresentedKey(string? Key, string? Problem)
{
    public static PresentedKey Read(HttpRequest request)
    {
        string? problem = null;
        if (FromHeader(request.Headers["X-API-Key"], "X-API-Key", ref problem) is { } apiKey)
        {
            return new(apiKey, null);
        }

        var authorization = request.Headers.Authorization.ToString().Trim();
        if (authorization.Length > 0)
        {
            var space = authorization.IndexOf(' ', StringComparison.Ordinal);
            var scheme = space < 0 ? authorization : authorization[..space];
            var value = space < 0 ? string.Empty : authorization[(space + 1)..].Trim();
            if (!scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase))
            {
                problem ??= $"the Authorization header uses the '{Names.Quote(scheme)}' scheme; send 'Bearer <key>'";
            }
            else if (value.Length == 0)
            {
                problem ??= "the Authorization header has no key after 'Bearer'";
            }
            else
            {
                return new(value, null);
            }
        }

        if (FromHeader(request.Headers["x-functions-key"], "x-functions-key", ref problem) is { } functionsKey)
        {
            return new(functionsKey, null);
        }

        if (request.Query.TryGetValue("code", out var code))
        {
            var value = code.ToString().Trim();
            if (value.Length > 0)
            {
                return new(value, null);
            }

            problem ??= "the code query parameter is empty";
        }

        return new(null, problem);
    }

    private static string? FromHeader(StringValues values, string name, ref string? problem)
    {
        if (StringValues.IsNullOrEmpty(values) && values.Count == 0)
        {
            return null;
        }

        var value = values.ToString().Trim();
        if (value.Length == 0)
        {
            problem ??= $"the {name} header is empty";
            return null;
        }

        return value;
    }
}
