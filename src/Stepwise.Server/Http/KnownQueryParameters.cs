using System.Text.Json.Nodes;
using Stepwise.Server.Errors;

namespace Stepwise.Server.Http;

/// <summary>
/// Strict query strings for list endpoints: a parameter the endpoint does not know is a 422 that names it and lists
/// the ones it accepts, rather than being ignored (a misspelt filter would silently list everything). <c>code</c>
/// is accepted everywhere: it is how a client that cannot send headers presents its API key.
/// </summary>
internal static class KnownQueryParameters
{
    /// <summary>The API key in the query string (<c>?code=k</c>), read by authentication, never by an endpoint.</summary>
    public const string ApiKeyParameter = "code";

    /// <summary>
    /// Checks every request of the endpoint before its handler runs: an unknown or repeated parameter is a 422.
    /// The handler still checks the values it reads.
    /// </summary>
    public static TBuilder AcceptsQuery<TBuilder>(this TBuilder builder, params string[] known)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.WithMetadata(new StrictQuery(known));
        builder.AddEndpointFilter(async (context, next) =>
            Check(context.HttpContext.Request, known) is { } problem ? problem : await next(context));
        return builder;
    }

    public static ErrorResult? Check(HttpRequest request, params string[] known)
    {
        ArgumentNullException.ThrowIfNull(request);
        foreach (var (name, _) in request.Query)
        {
            if (!known.Contains(name, StringComparer.Ordinal) && name != ApiKeyParameter)
            {
                return ApiErrors.Validation(
                    known.Length == 0
                        ? $"Unknown query parameter '{Stepwise.Hosting.Tenancy.Names.Quote(name)}': this endpoint takes none"
                        : $"Unknown query parameter '{Stepwise.Hosting.Tenancy.Names.Quote(name)}': this endpoint accepts {string.Join(", ", known)}",
                    new JsonObject { ["parameter"] = Stepwise.Hosting.Tenancy.Names.Quote(name), ["accepted"] = new JsonArray([.. known.Select(k => JsonValue.Create(k))]) });
            }

            if (request.Query[name].Count > 1)
            {
                return ApiErrors.Validation(
                    $"Query parameter '{name}' is given more than once", new JsonObject { ["parameter"] = name });
            }
        }

        return null;
    }

    /// <summary>A 422 for a bad value: names the parameter, the value and what it accepts.</summary>
    public static ErrorResult Invalid(string name, string value, string expected)
    {
        var shown = value.Length > 80 ? value[..80] + "..." : value;
        shown = string.Concat(shown.Select(c => char.IsControl(c) ? '?' : c));
        return ApiErrors.Validation(
            $"Invalid value '{shown}' for '{name}': expected {expected}",
            new JsonObject { ["parameter"] = name, ["value"] = shown, ["expected"] = expected });
    }
}
