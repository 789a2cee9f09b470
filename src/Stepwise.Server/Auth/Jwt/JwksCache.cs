using System.Net.Http;
using Microsoft.IdentityModel.Tokens;

namespace Stepwise.Server.Auth.Jwt;

/// <summary>
/// The signing keys published at JWT_JWKS_URL, fetched on first use and kept for JWT_JWKS_CACHE. A key id that is
/// not in the cached set makes one fetch at once (the IdP may have rotated its keys), at most once per
/// <see cref="JwtOptions.JwksMinRefreshInterval"/> so tokens with made-up key ids cannot flood the IdP.
/// </summary>
internal sealed class JwksCache(JwtOptions options, IHttpClientFactory httpClients, TimeProvider time, ILogger<JwksCache> logger)
{
    public const string HttpClientName = "jwks";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private IReadOnlyList<JsonWebKey> _keys = [];
    private DateTimeOffset _fetchedAt = DateTimeOffset.MinValue;

    /// <summary>How many times the key set was fetched (successfully or not).</summary>
    public int Fetches { get; private set; }

    /// <summary>The RS256 key for <paramref name="kid"/>: Found, NotFound, or FetchFailed.</summary>
    public async Task<(JsonWebKey? Key, bool FetchFailed)> FindAsync(string? kid, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var now = time.GetUtcNow();
            var stale = now - _fetchedAt >= options.JwksCacheLifetime;
            if (stale || (Pick(kid) is null && now - _fetchedAt >= options.JwksMinRefreshInterval))
            {
                if (!await FetchAsync(cancellationToken))
                {
                    return (null, true);
                }
            }

            return (Pick(kid), false);
        }
        finally
        {
            _gate.Release();
        }
    }

    private JsonWebKey? Pick(string? kid) =>
        kid is null
            ? _keys.Count == 1 ? _keys[0] : null
            : _keys.FirstOrDefault(key => string.Equals(key.Kid, kid, StringComparison.Ordinal));

    private async Task<bool> FetchAsync(CancellationToken cancellationToken)
    {
        Fetches++;
        var url = options.JwksUrl!;
        try
        {
            using var client = httpClients.CreateClient(HttpClientName);
            client.Timeout = TimeSpan.FromSeconds(10);
            var json = await client.GetStringAsync(url, cancellationToken);
            var set = new JsonWebKeySet(json);
            _keys = set.Keys.Where(key => key.Kty == JsonWebAlgorithmsKeyTypes.RSA).ToList();
            _fetchedAt = time.GetUtcNow();
            Log.JwksFetched(logger, url.GetLeftPart(UriPartial.Path), _keys.Count);
            return true;
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or ArgumentException)
        {
            Log.JwksFetchFailed(logger, url.GetLeftPart(UriPartial.Path), exception.GetType().Name, exception.Message);
            return false;
        }
    }
}
