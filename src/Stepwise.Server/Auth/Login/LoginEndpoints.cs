using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Stepwise.Server.Errors;
using Stepwise.Server.Http;

namespace Stepwise.Server.Auth.Login;

/// <summary>
/// <c>POST /auth/login</c> (username, password, optional org) answers an access token and a refresh token;
/// <c>POST /auth/refresh</c> trades a refresh token for new ones; <c>POST /auth/logout</c> revokes one. These take
/// no API key or bearer token: the password or refresh token is the credential.
/// </summary>
internal static class LoginEndpoints
{
    public static IEndpointRouteBuilder MapLoginEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/auth").WithTags("Auth");
        group.MapPost("/login", LoginAsync)
            .WithMetadata(new Docs.RequestBodyDoc("{\"username\": \"...\", \"password\": \"...\", \"org\": \"optional\"}", "application/json"))
            .Produces<ErrorEnvelope>(StatusCodes.Status401Unauthorized)
            .Produces<ErrorEnvelope>(StatusCodes.Status403Forbidden)
            .WithSummary("Sign in with a username and password: an access JWT and a refresh token");
        group.MapPost("/refresh", RefreshAsync)
            .WithMetadata(new Docs.RequestBodyDoc("{\"refresh_token\": \"...\"}", "application/json"))
            .Produces<ErrorEnvelope>(StatusCodes.Status401Unauthorized)
            .WithSummary("Trade a refresh token for a new access token and refresh token (the old one stops working)");
        group.MapPost("/logout", LogoutAsync)
            .WithMetadata(new Docs.RequestBodyDoc("{\"refresh_token\": \"...\"}", "application/json"))
            .WithSummary("Revoke a refresh token");
        return routes;
    }

    private static async Task<Results<Ok<LoginTokens>, ErrorResult>> LoginAsync(
        HttpContext context, LoginService logins, CancellationToken cancellationToken)
    {
        var body = await ReadObjectAsync(context);
        if (Field(body, "username", out var username) is { } usernameError)
        {
            return usernameError;
        }

        if (Field(body, "password", out var password) is { } passwordError)
        {
            return passwordError;
        }

        string? org = null;
        if (body.ContainsKey("org") && Field(body, "org", out org) is { } orgError)
        {
            return orgError;
        }

        var (tokens, error) = await logins.LoginAsync(username, password, org, cancellationToken);
        return tokens is null ? error! : TypedResults.Ok(tokens);
    }

    private static async Task<Results<Ok<LoginTokens>, ErrorResult>> RefreshAsync(
        HttpContext context, LoginService logins, CancellationToken cancellationToken)
    {
        var body = await ReadObjectAsync(context);
        if (Field(body, "refresh_token", out var token) is { } error)
        {
            return error;
        }

        var (tokens, refreshError) = await logins.RefreshAsync(token, cancellationToken);
        return tokens is null ? refreshError! : TypedResults.Ok(tokens);
    }

    private static async Task<Results<NoContent, ErrorResult>> LogoutAsync(
        HttpContext context, LoginService logins, CancellationToken cancellationToken)
    {
        var body = await ReadObjectAsync(context);
        if (Field(body, "refresh_token", out var token) is { } error)
        {
            return error;
        }

        return await logins.LogoutAsync(token, cancellationToken) is { } logoutError ? logoutError : TypedResults.NoContent();
    }

    private static async Task<JsonObject> ReadObjectAsync(HttpContext context)
    {
        var text = await RequestBody.ReadTextAsync(context);
        if (context.Request.ContentType is { Length: > 0 } type && !MediaTypes.IsJson(type))
        {
            throw new ApiException(
                StatusCodes.Status415UnsupportedMediaType,
                ErrorCodes.UnsupportedMediaType,
                ExceptionResponses.UnsupportedContentType(context));
        }

        return RequestBody.ParseJson(context, text) as JsonObject
            ?? throw new ApiException(StatusCodes.Status400BadRequest, ErrorCodes.BadRequest, "The request body must be a JSON object");
    }

    private static ErrorResult? Field(JsonObject body, string name, out string value)
    {
        value = string.Empty;
        if (body[name] is JsonValue node && node.TryGetValue<string>(out var text) && text.Length > 0)
        {
            value = text;
            return null;
        }

        return ApiErrors.BadRequest($"The request body needs '{name}' as a non-empty string");
    }
}
