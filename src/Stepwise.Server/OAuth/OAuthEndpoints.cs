using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Stepwise.Core.Actions;
using Stepwise.Core.Storage;
using Stepwise.Server.Auth;
using Stepwise.Server.Errors;
using Stepwise.Server.Http;
using Stepwise.Server.Secrets;

namespace Stepwise.Server.OAuth;

/// <summary>
/// <c>/api/v1/oauth</c>: OAuth 2.0 connections of the organization, used by <c>auth: { oauth: name }</c> on http
/// nodes. Admins create, authorize and delete them; anyone in the organization sees them, never their client secret
/// or tokens. The callback is open: the provider's redirect carries no API key, the one-time state proves it.
/// </summary>
internal static class OAuthEndpoints
{
    public const string CallbackPath = "/api/v1/oauth/callback";

    public static IEndpointRouteBuilder MapOAuthEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/oauth/connections").WithTags("OAuth");
        group.MapPost("/", CreateAsync).RequireRole(ApiKeyRole.Admin)
            .Produces<ErrorEnvelope>(StatusCodes.Status409Conflict)
            .Produces<ErrorEnvelope>(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Create a connection (client_credentials or authorization_code); the client secret is stored encrypted");
        group.MapGet("/", ListAsync).RequireRole(ApiKeyRole.Viewer).AcceptsQuery()
            .WithSummary("The organization's connections, without secrets or tokens");
        group.MapGet("/{name}", GetAsync).RequireRole(ApiKeyRole.Viewer)
            .Produces<ErrorEnvelope>(StatusCodes.Status404NotFound)
            .WithSummary("One connection, without secrets or tokens");
        group.MapDelete("/{name}", DeleteAsync).RequireRole(ApiKeyRole.Admin)
            .Produces<ErrorEnvelope>(StatusCodes.Status404NotFound)
            .WithSummary("Delete a connection with its tokens");
        group.MapGet("/{name}/authorize", AuthorizeAsync).RequireRole(ApiKeyRole.Admin)
            .Produces<ErrorEnvelope>(StatusCodes.Status404NotFound)
            .Produces<ErrorEnvelope>(StatusCodes.Status422UnprocessableEntity)
            .Produces<OAuthAuthorizeUrl>(StatusCodes.Status200OK)
            .Produces(StatusCodes.Status302Found)
            .WithSummary("Start the authorization-code flow: redirects to the provider with a one-time state (with Accept: application/json, answers {authorize_url} instead)");
        group.MapPost("/{name}/refresh", RefreshAsync).RequireRole(ApiKeyRole.Admin)
            .Produces<ErrorEnvelope>(StatusCodes.Status404NotFound)
            .Produces<ErrorEnvelope>(StatusCodes.Status422UnprocessableEntity)
            .Produces<ErrorEnvelope>(StatusCodes.Status502BadGateway)
            .WithSummary("Replace the access token now (refresh token, or client credentials); audited");
        routes.MapGet(CallbackPath, CallbackAsync).WithTags("OAuth")
            .Produces<ErrorEnvelope>(StatusCodes.Status400BadRequest)
            .WithSummary("Where the provider sends the browser back: exchanges the code for tokens");
        return routes;
    }

    private static async Task<Results<Created<OAuthConnectionInfo>, ErrorResult>> CreateAsync(
        Caller caller,
        JsonObjectBody body,
        HttpContext context,
        IOAuthConnectionStore connections,
        SecretCipher cipher,
        AuditTrail audit,
        TimeProvider time,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        if (OAuthConnectionInput.Read(body.Value, problems) is not { } input)
        {
            return ApiErrors.Validation(problems);
        }

        if (await connections.GetAsync(caller.OrgId, input.Name, cancellationToken) is not null)
        {
            return ApiErrors.Conflict($"OAuth connection '{input.Name}' already exists; delete it first to replace it");
        }

        var now = time.GetUtcNow();
        var redirect = input.GrantType == OAuthGrantTypes.AuthorizationCode
            ? input.RedirectUri ?? $"{context.Request.Scheme}://{context.Request.Host}{CallbackPath}"
            : input.RedirectUri;
        var record = new OAuthConnectionRecord(
            caller.OrgId,
            input.Name,
            input.GrantType,
            input.ClientId,
            input.ClientSecret is { } secret
                ? cipher.Seal(secret, SecretCipher.AssociatedData(SealPurposes.OAuthClientSecret, caller.OrgId, input.Name))
                : null,
            input.TokenUrl,
            input.AuthorizeUrl,
            input.Scopes,
            redirect,
            null,
            null,
            null,
            null,
            null,
            now,
            now);
        try
        {
            await connections.CreateAsync(record, cancellationToken);
        }
        catch (StorageConflictException)
        {
            return ApiErrors.Conflict($"OAuth connection '{input.Name}' already exists; delete it first to replace it");
        }

        Stepwise.Hosting.Secrets.Log.OAuthChanged(loggers.CreateLogger("Stepwise.Server.OAuth"), caller.OrgId, input.Name, "created");
        await audit.RecordAsync(
            new AuditEntry(AuditActions.OAuthConnectionCreate, "oauth_connection", input.Name, Detail: input.GrantType),
            CancellationToken.None);
        return TypedResults.Created($"/api/v1/oauth/connections/{input.Name}", Info(record, now));
    }

    private static async Task<Ok<OAuthConnectionList>> ListAsync(
        Caller caller, IOAuthConnectionStore connections, TimeProvider time, CancellationToken cancellationToken)
    {
        var list = await connections.ListAsync(caller.OrgId, cancellationToken);
        var now = time.GetUtcNow();
        return TypedResults.Ok(new OAuthConnectionList([.. list.Select(c => Info(c, now))]));
    }

    private static async Task<Results<Ok<OAuthConnectionInfo>, ErrorResult>> GetAsync(
        string name, Caller caller, IOAuthConnectionStore connections, TimeProvider time, CancellationToken cancellationToken)
    {
        var connection = OrgNames.IsConnectionName(name) ? await connections.GetAsync(caller.OrgId, name, cancellationToken) : null;
        return connection is null ? NotFound(name) : TypedResults.Ok(Info(connection, time.GetUtcNow()));
    }

    private static async Task<Results<NoContent, ErrorResult>> DeleteAsync(
        string name,
        Caller caller,
        IOAuthConnectionStore connections,
        AuditTrail audit,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        if (!OrgNames.IsConnectionName(name) || !await connections.DeleteAsync(caller.OrgId, name, cancellationToken))
        {
            return NotFound(name);
        }

        Stepwise.Hosting.Secrets.Log.OAuthChanged(loggers.CreateLogger("Stepwise.Server.OAuth"), caller.OrgId, name, "deleted");
        await audit.RecordAsync(
            new AuditEntry(AuditActions.OAuthConnectionDelete, "oauth_connection", name), CancellationToken.None);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<OAuthConnectionInfo>, ErrorResult>> RefreshAsync(
        string name,
        Caller caller,
        OAuthTokenService tokens,
        AuditTrail audit,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var (connection, result) = await tokens.RefreshAsync(caller.OrgId, name, cancellationToken);
        if (connection is null)
        {
            return NotFound(name);
        }

        if (result.AccessToken is null)
        {
            await audit.RecordAsync(
                new AuditEntry(AuditActions.OAuthConnectionRefresh, "oauth_connection", connection.Name, AuditOutcomes.Failure, "refresh failed"),
                CancellationToken.None);
            return connection.AccessToken is null && connection.RefreshToken is null && connection.GrantType == OAuthGrantTypes.AuthorizationCode
                ? ApiErrors.Validation(result.Error!)
                : new ErrorResult(StatusCodes.Status502BadGateway, ErrorCodes.OAuthRefreshFailed, result.Error!);
        }

        await audit.RecordAsync(
            new AuditEntry(AuditActions.OAuthConnectionRefresh, "oauth_connection", connection.Name), CancellationToken.None);
        return TypedResults.Ok(Info(connection, time.GetUtcNow()));
    }

    private static async Task<Results<RedirectHttpResult, Ok<OAuthAuthorizeUrl>, ErrorResult>> AuthorizeAsync(
        string name, HttpContext context, Caller caller, IOAuthConnectionStore connections, TimeProvider time, CancellationToken cancellationToken)
    {
        var connection = OrgNames.IsConnectionName(name) ? await connections.GetAsync(caller.OrgId, name, cancellationToken) : null;
        if (connection is null)
        {
            return NotFound(name);
        }

        if (connection.GrantType != OAuthGrantTypes.AuthorizationCode || connection.AuthorizeUrl is null)
        {
            return ApiErrors.Validation(
                $"OAuth connection '{name}' uses the {connection.GrantType} grant: its tokens come without a browser authorization");
        }

        var state = OAuthState.New();
        await connections.SetStateAsync(caller.OrgId, name, OAuthState.Hash(state), time.GetUtcNow() + OAuthState.Lifetime, cancellationToken);
        var url = new StringBuilder(connection.AuthorizeUrl)
            .Append(connection.AuthorizeUrl.Contains('?', StringComparison.Ordinal) ? '&' : '?')
            .Append("response_type=code")
            .Append("&client_id=").Append(Uri.EscapeDataString(connection.ClientId));
        if (connection.RedirectUri is { } redirect)
        {
            url.Append("&redirect_uri=").Append(Uri.EscapeDataString(redirect));
        }

        if (connection.Scopes is { } scopes)
        {
            url.Append("&scope=").Append(Uri.EscapeDataString(scopes));
        }

        url.Append("&state=").Append(Uri.EscapeDataString(state));
        return WantsJson(context.Request)
            ? TypedResults.Ok(new OAuthAuthorizeUrl(url.ToString()))
            : TypedResults.Redirect(url.ToString());
    }

    private static async Task<Results<Ok<OAuthAuthorized>, ErrorResult>> CallbackAsync(
        [FromQuery] string? code,
        [FromQuery] string? state,
        [FromQuery] string? error,
        IOAuthConnectionStore connections,
        OAuthTokenService tokens,
        AuditTrail audit,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(state))
        {
            return ApiErrors.BadRequest("Query parameter 'state' is required: start at /api/v1/oauth/connections/{name}/authorize");
        }

        var connection = state.Length > 256 ? null : await connections.FindByStateAsync(OAuthState.Hash(state), cancellationToken);
        if (connection is null || connection.StateExpiresAt is not { } expiresAt || expiresAt <= time.GetUtcNow())
        {
            return ApiErrors.BadRequest("Unknown or expired OAuth state: start the authorization again");
        }

        if (!string.IsNullOrEmpty(error))
        {
            return ApiErrors.BadRequest($"The provider refused the authorization of '{connection.Name}': {Names.Quote(error)}");
        }

        if (string.IsNullOrEmpty(code))
        {
            return ApiErrors.BadRequest("Query parameter 'code' is required");
        }

        var (authorized, problem) = await tokens.ExchangeCodeAsync(connection, code, cancellationToken);

        // The callback comes from the provider's redirect, without a caller: the entry names the connection's org.
        await audit.RecordAsync(
            new AuditEntry(
                AuditActions.OAuthConnectionAuthorize,
                "oauth_connection",
                connection.Name,
                authorized is null ? AuditOutcomes.Failure : AuditOutcomes.Success)
            {
                OrgId = connection.OrgId,
                ActorType = "oauth_provider",
            },
            CancellationToken.None);
        return authorized is null
            ? ApiErrors.BadRequest(problem ?? $"OAuth connection '{connection.Name}' was deleted during its authorization")
            : TypedResults.Ok(new OAuthAuthorized(
                authorized.Name, "authorized", authorized.RefreshToken is not null, authorized.ExpiresAt));
    }

    private static ErrorResult NotFound(string name) =>
        ApiErrors.NotFound(OAuthTokenResult.ConnectionNotFound(Names.Quote(name)));

    private static OAuthConnectionInfo Info(OAuthConnectionRecord connection, DateTimeOffset now) => new(
        connection.Name,
        connection.GrantType,
        connection.ClientId,
        connection.ClientSecret is not null,
        connection.TokenUrl,
        connection.AuthorizeUrl,
        connection.Scopes,
        connection.RedirectUri,
        connection.AccessToken is not null || connection.RefreshToken is not null
            || connection.GrantType == OAuthGrantTypes.ClientCredentials
            ? "authorized"
            : connection.StateExpiresAt > now ? "pending" : "not_authorized",
        connection.RefreshToken is not null,
        connection.ExpiresAt,
        connection.CreatedAt,
        connection.UpdatedAt);

    /// <summary>An API client asking for JSON gets the address; a browser navigating here (text/html) is redirected.</summary>
    private static bool WantsJson(HttpRequest request)
    {
        var accept = request.Headers.Accept.ToString();
        return accept.Contains("application/json", StringComparison.OrdinalIgnoreCase)
            && !accept.Contains("text/html", StringComparison.OrdinalIgnoreCase);
    }
}
