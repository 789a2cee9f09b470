using System.Net.Http;
using Microsoft.IdentityModel.Tokens;

namespace Stepwise.Server.Auth.Jwt;

/// <summary>
/// The signing keys published at JWT_JWKS_URL, fetched on first use and kept for JWT_JWKS_CACHE. A key id that is
/// not in the cached set makes one fetch at once (the IdP may have rotated its keys), at most once per
/// <see cref="JwtOptions.JwksMinRefreshInterval"/> so tokens with made-up key ids cannot flood the IdP. A failed
/// fetch holds every fetch back as well, for a backoff that starts at that interval and doubles with each further
/// failure up to <see cref="LongestBackoff"/>: while the IdP is down, tokens it cannot vouch for get AUTH009 at once
/// instead of each costing it a request. (Microsoft.IdentityModel's ConfigurationManager does this for OpenID
/// discovery documents, but reads the wall clock rather than a TimeProvider and needs a retriever for a bare JWKS;
/// this class is the small part of it the server needs.)
/// </summary>
internal sealed class JwksCache(JwtOptions options, IHttpClientFactory httpClients, TimeProvider time, ILogger<JwksCache> logger)
{
    public const string HttpClientName = "jwks";

    /// <summary>The longest wait after repeated failed fetches.</summary>
    public static readonly TimeSpan LongestBackoff = TimeSpan.FromMinutes(5);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private IReadOnlyList<JsonWebKey> _keys = [];
    private DateTimeOffset _fetchedAt = DateTimeOffset.MinValue;
    private DateTimeOffset _nextFetchAllowedAt = DateTimeOffset.MinValue;
    private int _failures;

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
            var key = stale ? null : Pick(kid);
            if (key is not null)
            {
                return (key, false);
            }

            if (now >= _nextFetchAllowedAt)
            {
                return await FetchAsync(cancellationToken) ? (Pick(kid), false) : (null, true);
            }

            // Held back: after a failure nothing vouches for the key (AUTH009); after a success the kid is unknown.
            return (null, _failures > 0 || stale);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The wait after <paramref name="failures"/> failed fetches in a row: the refresh interval, doubled per further failure.</summary>
    public static TimeSpan Backoff(TimeSpan first, int failures)
    {
        var doublings = Math.Clamp(failures - 1, 0, 20);
        var ticks = Math.Min(first.Ticks * (1L << doublings), LongestBackoff.Ticks);
        return TimeSpan.FromTicks(Math.Max(ticks, first.Ticks));
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
            _failures = 0;
            _nextFetchAllowedAt = _fetchedAt + options.JwksMinRefreshInterval;
            Log.JwksFetched(logger, url.GetLeftPart(UriPartial.Path), _keys.Count);
            return true;
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or ArgumentException)
        {
            _failures++;
            var backoff = Backoff(options.JwksMinRefreshInterval, _failures);
            _nextFetchAllowedAt = time.GetUtcNow() + backoff;
            Log.JwksFetchFailed(
                logger, url.GetLeftPart(UriPartial.Path), exception.GetType().Name, exception.Message, _failures, backoff);
            return false;
        }
    }
}
