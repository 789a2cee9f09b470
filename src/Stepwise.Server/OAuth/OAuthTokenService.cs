using System.Collections.Concurrent;
using System.Net.Http.Headers;
using Stepwise.Core.Actions;
using Stepwise.Core.Storage;
using Stepwise.Server.Hosting;
using Stepwise.Server.Secrets;

namespace Stepwise.Server.OAuth;

/// <summary>
/// Access tokens of OAuth connections for the http action. A stored token is used until shortly before it expires;
/// then the refresh token (or, for client credentials, the client secret) buys a new one, which is stored sealed.
/// One refresh per connection at a time in this process: callers waiting behind it take the token it got.
/// </summary>
internal sealed class OAuthTokenService(
    StoreHost store, SecretCipher cipher, TimeProvider time, ILoggerFactory loggers, Stepwise.Core.Actions.Egress.EgressPolicy egress)
    : IOAuthTokenSource, IDisposable
{
    /// <summary>A token this close to its expiry is replaced before use, so it does not expire in flight.</summary>
    public static readonly TimeSpan ExpirySkew = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    private readonly ILogger _logger = loggers.CreateLogger("Stepwise.Server.OAuth");
    private readonly ConcurrentDictionary<(string Org, string Name), SemaphoreSlim> _gates = new();
    // Token URLs follow the egress policy as the http action does (a workflow author chooses them).
    private readonly HttpClient _http = new(Stepwise.Core.Actions.Egress.EgressHttpHandler.Create(egress, TimeSpan.FromMinutes(5)))
    {
        Timeout = RequestTimeout,
    };

    private IOAuthConnectionStore Connections => store.Storage.OAuthConnections;

    public async ValueTask<OAuthTokenResult> GetTokenAsync(
        string orgId, string connection, string? rejectedToken, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(orgId);
        ArgumentNullException.ThrowIfNull(connection);
        if (!OrgNames.IsConnectionName(connection))
        {
            return OAuthTokenResult.Fail(OAuthTokenResult.ConnectionNotFound(connection));
        }

        var record = await Connections.GetAsync(orgId, connection, cancellationToken);
        if (record is null)
        {
            return OAuthTokenResult.Fail(OAuthTokenResult.ConnectionNotFound(connection));
        }

        if (Usable(record, rejectedToken) is { } token)
        {
            return OAuthTokenResult.Ok(token);
        }

        var gate = _gates.GetOrAdd((orgId, connection), _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            // Another caller may have refreshed while this one waited.
            record = await Connections.GetAsync(orgId, connection, cancellationToken);
            if (record is null)
            {
                return OAuthTokenResult.Fail(OAuthTokenResult.ConnectionNotFound(connection));
            }

            return Usable(record, rejectedToken) is { } fresh
                ? OAuthTokenResult.Ok(fresh)
                : await RenewAsync(record, cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>
    /// Replaces the access token now, whether or not it is still valid (<c>POST .../refresh</c>): with the refresh
    /// token, or for client credentials with the client secret. A failure keeps the stored tokens and says
    /// <c>OAuth token expired for provider 'x': ...</c>, the message a run gets when its refresh fails.
    /// </summary>
    public async Task<(OAuthConnectionRecord? Connection, OAuthTokenResult Result)> RefreshAsync(
        string orgId, string connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(orgId);
        ArgumentNullException.ThrowIfNull(connection);
        var gate = _gates.GetOrAdd((orgId, connection), _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            var record = OrgNames.IsConnectionName(connection) ? await Connections.GetAsync(orgId, connection, cancellationToken) : null;
            if (record is null)
            {
                return (null, OAuthTokenResult.Fail(OAuthTokenResult.ConnectionNotFound(connection)));
            }

            var result = await RenewAsync(record, cancellationToken);
            return (result.AccessToken is null ? record : await Connections.GetAsync(orgId, connection, cancellationToken) ?? record, result);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Seed 000's wording for a token that could not be renewed.</summary>
    public static string Expired(string connection, string problem) =>
        $"OAuth token expired for provider '{connection}': {problem}";

    /// <summary>Exchanges the code of an authorization-code callback for tokens and stores them.</summary>
    public async Task<(OAuthConnectionRecord? Connection, string? Problem)> ExchangeCodeAsync(
        OAuthConnectionRecord record, string code, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var form = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["grant_type"] = OAuthGrantTypes.AuthorizationCode,
            ["code"] = code,
        };
        if (record.RedirectUri is { } redirect)
        {
            form["redirect_uri"] = redirect;
        }

        var (response, problem) = await RequestAsync(record, form, cancellationToken);
        if (response is null)
        {
            return (null, problem);
        }

        var saved = await SaveAsync(record, response, OAuthGrantTypes.AuthorizationCode, cancellationToken);
        return (saved, null);
    }

    public void Dispose() => _http.Dispose();

    private string? Usable(OAuthConnectionRecord record, string? rejectedToken)
    {
        if (record.AccessToken is null)
        {
            return null;
        }

        if (record.ExpiresAt is { } expiresAt && expiresAt - ExpirySkew <= time.GetUtcNow())
        {
            return null;
        }

        var token = Open(record.AccessToken, SealPurposes.OAuthAccessToken, record);
        return token is null || token == rejectedToken ? null : token;
    }

    private async Task<OAuthTokenResult> RenewAsync(OAuthConnectionRecord record, CancellationToken cancellationToken)
    {
        if (record.RefreshToken is { } sealedRefresh && Open(sealedRefresh, SealPurposes.OAuthRefreshToken, record) is { } refresh)
        {
            var (response, problem) = await RequestAsync(
                record,
                new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    ["grant_type"] = OAuthGrantTypes.RefreshToken,
                    ["refresh_token"] = refresh,
                },
                cancellationToken);
            if (response is not null)
            {
                return await SaveAsync(record, response, OAuthGrantTypes.RefreshToken, cancellationToken) is null
                    ? OAuthTokenResult.Fail(OAuthTokenResult.ConnectionNotFound(record.Name))
                    : OAuthTokenResult.Ok(response.AccessToken);
            }

            if (record.GrantType != OAuthGrantTypes.ClientCredentials)
            {
                return OAuthTokenResult.Fail(
                    Expired(record.Name, $"{problem}; authorize it again at /api/v1/oauth/connections/{record.Name}/authorize"),
                    retryable: problem!.Contains("returned 5", StringComparison.Ordinal));
            }
        }

        if (record.GrantType != OAuthGrantTypes.ClientCredentials)
        {
            return OAuthTokenResult.Fail(
                $"OAuth connection '{record.Name}' is not authorized yet: an admin opens /api/v1/oauth/connections/{record.Name}/authorize");
        }

        var form = new Dictionary<string, string>(StringComparer.Ordinal) { ["grant_type"] = OAuthGrantTypes.ClientCredentials };
        if (record.Scopes is { Length: > 0 } scopes)
        {
            form["scope"] = scopes;
        }

        var (granted, refused) = await RequestAsync(record, form, cancellationToken);
        if (granted is null)
        {
            // The first token of a connection is not an expired one; any later failure is.
            return OAuthTokenResult.Fail(
                record.AccessToken is null ? refused! : Expired(record.Name, refused!),
                retryable: refused!.Contains("returned 5", StringComparison.Ordinal) || refused.Contains("could not reach", StringComparison.Ordinal));
        }

        return await SaveAsync(record, granted, OAuthGrantTypes.ClientCredentials, cancellationToken) is null
            ? OAuthTokenResult.Fail(OAuthTokenResult.ConnectionNotFound(record.Name))
            : OAuthTokenResult.Ok(granted.AccessToken);
    }

    private async Task<(OAuthTokenResponse? Response, string? Problem)> RequestAsync(
        OAuthConnectionRecord record, Dictionary<string, string> form, CancellationToken cancellationToken)
    {
        form["client_id"] = record.ClientId;
        if (record.ClientSecret is { } sealedSecret)
        {
            if (Open(sealedSecret, SealPurposes.OAuthClientSecret, record) is not { } clientSecret)
            {
                return (null, $"OAuth connection '{record.Name}': its client secret cannot be decrypted (see the server log)");
            }

            form["client_secret"] = clientSecret;
        }

        var what = $"OAuth token request ({form["grant_type"]}) of connection '{record.Name}'";
        using var request = new HttpRequestMessage(HttpMethod.Post, record.TokenUrl) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        try
        {
            using var response = await _http.SendAsync(request, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                var problem = $"{what} failed: the token endpoint returned {(int)response.StatusCode} ({OAuthTokenResponse.DescribeError(body)})";
                Stepwise.Hosting.Secrets.Log.TokenFailed(_logger, record.OrgId, record.Name, problem);
                return (null, problem);
            }

            var parsed = OAuthTokenResponse.Parse(body, out var unusable);
            if (parsed is null)
            {
                Stepwise.Hosting.Secrets.Log.TokenFailed(_logger, record.OrgId, record.Name, unusable!);
                return (null, $"{what} failed: {unusable}");
            }

            return (parsed, null);
        }
        catch (Exception exception) when ((exception is HttpRequestException or TaskCanceledException) && !cancellationToken.IsCancellationRequested)
        {
            var problem = $"{what} failed: could not reach the token endpoint ({exception.GetType().Name})";
            Stepwise.Hosting.Secrets.Log.TokenFailed(_logger, record.OrgId, record.Name, problem);
            return (null, problem);
        }
    }

    private async Task<OAuthConnectionRecord?> SaveAsync(
        OAuthConnectionRecord record, OAuthTokenResponse response, string grant, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var expiresAt = response.ExpiresIn is { } lifetime ? now + lifetime : (DateTimeOffset?)null;
        var access = cipher.Seal(response.AccessToken, Data(SealPurposes.OAuthAccessToken, record));

        // A provider that does not rotate refresh tokens leaves the old one valid.
        var refresh = response.RefreshToken is { } newRefresh
            ? cipher.Seal(newRefresh, Data(SealPurposes.OAuthRefreshToken, record))
            : record.RefreshToken;
        if (!await Connections.SaveTokensAsync(record.OrgId, record.Name, access, refresh, expiresAt, now, cancellationToken))
        {
            return null;
        }

        Stepwise.Hosting.Secrets.Log.TokenObtained(_logger, record.OrgId, record.Name, grant, expiresAt);
        return record with
        {
            AccessToken = access, RefreshToken = refresh, ExpiresAt = expiresAt, StateHash = null, StateExpiresAt = null, UpdatedAt = now,
        };
    }

    private string? Open(byte[] sealedValue, string purpose, OAuthConnectionRecord record)
    {
        try
        {
            return cipher.Open(sealedValue, Data(purpose, record));
        }
        catch (SealedValueException exception)
        {
            Stepwise.Hosting.Secrets.Log.SecretUnreadable(_logger, record.OrgId, $"{record.Name} ({purpose})", exception.Message);
            return null;
        }
    }

    private static string Data(string purpose, OAuthConnectionRecord record) =>
        SecretCipher.AssociatedData(purpose, record.OrgId, record.Name);
}
