using System.Collections.Concurrent;
using Stepwise.Server.Tests.Support;

namespace Stepwise.Server.Tests.OAuth;

/// <summary>
/// A local OAuth provider and API on 127.0.0.1: <c>/token</c> hands out <c>tok-1</c>, <c>tok-2</c>, ... (with
/// refresh tokens <c>ref-1</c>, ...), and <c>/api</c> answers 200 only to bearer tokens it accepts.
/// </summary>
internal sealed class TokenProvider : IDisposable
{
    private readonly ConcurrentDictionary<string, byte> rejected = new(StringComparer.Ordinal);
    private int issued;

    public TokenProvider(int expiresIn = 3600)
    {
        Server = new LocalHttpServer(request =>
        {
            if (request.Path == "/token" && RefuseRefresh && request.Form.GetValueOrDefault("grant_type") != "client_credentials")
            {
                return (400, """{"error":"invalid_grant","error_description":"refresh token revoked"}""");
            }

            if (request.Path == "/token" && RefuseAll)
            {
                return (400, """{"error":"invalid_client"}""");
            }

            if (request.Path == "/token")
            {
                var n = Interlocked.Increment(ref issued);
                return (200, $$"""{"access_token":"tok-{{n}}","token_type":"Bearer","expires_in":{{expiresIn}},"refresh_token":"ref-{{n}}"}""");
            }

            var authorization = request.Headers["Authorization"] ?? string.Empty;
            var token = authorization.StartsWith("Bearer ", StringComparison.Ordinal) ? authorization[7..] : string.Empty;
            return token.StartsWith("tok-", StringComparison.Ordinal) && !rejected.ContainsKey(token)
                ? (200, $$"""{"ok":true,"token":"{{token}}"}""")
                : (401, """{"error":"invalid_token"}""");
        });
    }

    public LocalHttpServer Server { get; }

    /// <summary>The token endpoint refuses refresh-token grants (a revoked refresh token) from now on.</summary>
    public bool RefuseRefresh { get; set; }

    /// <summary>The token endpoint refuses every grant from now on.</summary>
    public bool RefuseAll { get; set; }

    public string TokenUrl => Server.Url("/token");

    public string ApiUrl => Server.Url("/api");

    public IReadOnlyList<ReceivedRequest> TokenRequests => Server.To("/token");

    public IReadOnlyList<ReceivedRequest> ApiRequests => Server.To("/api");

    /// <summary>The API answers 401 to this token from now on (revoked before its expiry).</summary>
    public void Revoke(string token) => rejected[token] = 0;

    public void Dispose() => Server.Dispose();
}
