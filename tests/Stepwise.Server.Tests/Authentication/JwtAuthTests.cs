using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Stepwise.Core.Tests.Support;
using Stepwise.Server.Auth.Jwt;
using Stepwise.Server.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Stepwise.Server.Tests.Authentication;

/// <summary>Every AUTH error with real signed tokens: HS256 with JWT_SECRET, RS256 against a JWKS on 127.0.0.1.</summary>
public sealed class JwtAuthTests : IDisposable
{
    private const string Workflows = "/api/v1/workflows";
    private static readonly DateTimeOffset Start = new(2026, 5, 1, 9, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider time = new(Start);
    private readonly List<IDisposable> owned = [];

    public void Dispose()
    {
        foreach (var item in owned)
        {
            item.Dispose();
        }
    }

    [Fact]
    public async Task Hs256_ValidToken_IsAccepted()
    {
        using var response = await GetAsync(Hs256Server(), Tokens.Hs256(Start));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Hs256_WrongSignature_ReturnsAuth001()
    {
        using var response = await GetAsync(Hs256Server(), Tokens.Hs256(Start, secret: "another-secret-0123456789abcdef012345678"));
        Assert.Equal("invalid token", Envelope.Message(await Envelope.AssertErrorAsync(response, 401, "AUTH001")));
    }

    [Fact]
    public async Task Bearer_MalformedJwt_ReturnsAuth001()
    {
        using var response = await GetAsync(Hs256Server(), "not.a.jwt");
        Assert.Equal("invalid token", Envelope.Message(await Envelope.AssertErrorAsync(response, 401, "AUTH001")));
    }

    [Fact]
    public async Task Hs256_Expired_ReturnsAuth002()
    {
        var server = Hs256Server().With(JwtOptions.ClockSkewKey, "30s");
        var token = Tokens.Hs256(Start, lifetime: TimeSpan.FromMinutes(5));
        using (var fresh = await GetAsync(server, token))
        {
            Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        }

        time.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(20));
        using (var withinSkew = await GetAsync(server, token))
        {
            Assert.Equal(HttpStatusCode.OK, withinSkew.StatusCode);
        }

        time.Advance(TimeSpan.FromSeconds(20));
        using var expired = await GetAsync(server, token);
        Assert.Equal("token has expired", Envelope.Message(await Envelope.AssertErrorAsync(expired, 401, "AUTH002")));
    }

    [Fact]
    public async Task Hs256_NotYetValid_ReturnsAuth001UntilItsTime()
    {
        var server = Hs256Server().With(JwtOptions.ClockSkewKey, "0s");
        var token = Tokens.Hs256(Start, notBefore: Start.AddMinutes(2), lifetime: TimeSpan.FromMinutes(10));
        using (var early = await GetAsync(server, token))
        {
            var error = await Envelope.AssertErrorAsync(early, 401, "AUTH001");
            Assert.Contains("nbf", error["details"]!["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        }

        time.Advance(TimeSpan.FromMinutes(2));
        using var onTime = await GetAsync(server, token);
        Assert.Equal(HttpStatusCode.OK, onTime.StatusCode);
    }

    [Fact]
    public async Task Hs256_WrongIssuer_ReturnsAuth003()
    {
        var server = Hs256Server().With(JwtOptions.IssuerKey, "https://id.example");
        using (var right = await GetAsync(server, Tokens.Hs256(Start, issuer: "https://id.example")))
        {
            Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        }

        using var wrong = await GetAsync(server, Tokens.Hs256(Start, issuer: "https://evil.example"));
        Assert.Equal("invalid token issuer", Envelope.Message(await Envelope.AssertErrorAsync(wrong, 401, "AUTH003")));
    }

    [Fact]
    public async Task Hs256_WrongAudience_ReturnsAuth004()
    {
        var server = Hs256Server().With(JwtOptions.AudienceKey, "stepwise-api");
        using (var right = await GetAsync(server, Tokens.Hs256(Start, audience: "stepwise-api")))
        {
            Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        }

        using var wrong = await GetAsync(server, Tokens.Hs256(Start, audience: "other-api"));
        Assert.Equal("invalid token audience", Envelope.Message(await Envelope.AssertErrorAsync(wrong, 401, "AUTH004")));
    }

    [Fact]
    public async Task Request_NoCredentials_ReturnsAuth005()
    {
        using var response = await GetAsync(Hs256Server(), null);
        Assert.Equal(
            "missing authentication token", Envelope.Message(await Envelope.AssertErrorAsync(response, 401, "AUTH005")));
        Assert.Contains("Bearer", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rs256_UnknownKid_RefreshesTheJwksThenAnswersAuth006WhenStillUnknown()
    {
        using var first = RSA.Create(2048);
        using var second = RSA.Create(2048);
        var published = Tokens.Jwks(("k1", first));
        var jwks = Own(new LocalHttpServer((_, _) => (200, published)));
        var server = Own(new ServerFactory().WithTime(time).With(JwtOptions.JwksUrlKey, jwks.Url("/jwks.json")));

        using (var known = await GetAsync(server, Tokens.Rs256(first, "k1", Start)))
        {
            Assert.Equal(HttpStatusCode.OK, known.StatusCode);
        }

        // The IdP rotates to a new key; a token with the new kid is refused until a refresh is allowed...
        published = Tokens.Jwks(("k1", first), ("k2", second));
        var rotated = Tokens.Rs256(second, "k2", Start, role: "admin");
        using (var tooSoon = await GetAsync(server, rotated))
        {
            Assert.Equal("signing key not found", Envelope.Message(await Envelope.AssertErrorAsync(tooSoon, 500, "AUTH006")));
        }

        Assert.Equal(1, jwks.Hits("/jwks.json"));

        // ...then the unknown kid fetches the JWKS again and the token is accepted.
        time.Advance(TimeSpan.FromSeconds(11));
        using (var refreshed = await GetAsync(server, rotated))
        {
            Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        }

        Assert.Equal(2, jwks.Hits("/jwks.json"));
        Assert.Equal(2, server.Services.GetRequiredService<JwksCache>().Fetches);

        // A kid the IdP never published: one more fetch, then AUTH006.
        time.Advance(TimeSpan.FromSeconds(11));
        using var unknown = await GetAsync(server, Tokens.Rs256(second, "k9", Start));
        Assert.Equal("signing key not found", Envelope.Message(await Envelope.AssertErrorAsync(unknown, 500, "AUTH006")));
        Assert.Equal(3, jwks.Hits("/jwks.json"));
    }

    [Fact]
    public async Task Rs256_JwksAnswers500_21UnknownKidsMakeOneFetchThenTheBackoffGrows()
    {
        using var rsa = RSA.Create(2048);
        var status = 500;
        var jwks = Own(new LocalHttpServer((_, _) => (status, status == 200 ? Tokens.Jwks(("k1", rsa)) : "down")));
        var server = Own(new ServerFactory().WithTime(time).With(JwtOptions.JwksUrlKey, jwks.Url("/jwks.json")));

        // A burst of tokens with made-up kids within one second: one fetch, and every token AUTH009 at once.
        for (var i = 0; i < 21; i++)
        {
            using var response = await GetAsync(server, Tokens.Rs256(rsa, $"made-up-{i}", Start));
            await Envelope.AssertErrorAsync(response, 500, "AUTH009");
        }

        Assert.Equal(1, jwks.Hits("/jwks.json"));

        // The first backoff is the 10 s refresh interval, the next 20 s, then 40 s.
        Assert.Equal(1, await HitsAfterAsync(server, jwks, rsa, TimeSpan.FromSeconds(9)));
        Assert.Equal(2, await HitsAfterAsync(server, jwks, rsa, TimeSpan.FromSeconds(1)));
        Assert.Equal(2, await HitsAfterAsync(server, jwks, rsa, TimeSpan.FromSeconds(19)));
        Assert.Equal(3, await HitsAfterAsync(server, jwks, rsa, TimeSpan.FromSeconds(1)));
        Assert.Equal(3, await HitsAfterAsync(server, jwks, rsa, TimeSpan.FromSeconds(39)));
        Assert.Equal(4, await HitsAfterAsync(server, jwks, rsa, TimeSpan.FromSeconds(1)));
        Assert.Equal(JwksCache.LongestBackoff, JwksCache.Backoff(TimeSpan.FromSeconds(10), 30));

        // The provider is back: the next fetch after the backoff succeeds, and known kids need no fetch.
        status = 200;
        time.Advance(TimeSpan.FromSeconds(80));
        using (var recovered = await GetAsync(server, Tokens.Rs256(rsa, "k1", Start.AddSeconds(150))))
        {
            Assert.Equal(HttpStatusCode.OK, recovered.StatusCode);
        }

        using (var again = await GetAsync(server, Tokens.Rs256(rsa, "k1", Start.AddSeconds(150))))
        {
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        }

        Assert.Equal(5, jwks.Hits("/jwks.json"));
    }

    [Theory]
    [InlineData("exp")]
    [InlineData("nbf")]
    [InlineData("iat")]
    public async Task Hs256_NumericDateGivenAsString_ReturnsAuth001(string claim)
    {
        var times = new Dictionary<string, long>
        {
            ["exp"] = Start.AddMinutes(5).ToUnixTimeSeconds(),
            ["nbf"] = Start.AddMinutes(-1).ToUnixTimeSeconds(),
            ["iat"] = Start.ToUnixTimeSeconds(),
        };
        var fields = times.Select(pair => pair.Key == claim ? $"\"{pair.Key}\":\"{pair.Value}\"" : $"\"{pair.Key}\":{pair.Value}");
        var token = Tokens.Hs256Raw($$"""{"sub":"alice","org":"default","role":"viewer",{{string.Join(",", fields)}}}""");

        using var response = await GetAsync(Hs256Server(), token);

        var error = await Envelope.AssertErrorAsync(response, 401, "AUTH001");
        Assert.Equal(
            $"the {claim} claim must be a number of seconds since 1970 (NumericDate), not a string",
            (string?)error["details"]!["reason"]);
    }

    [Fact]
    public async Task Hs256_NumericDatesAsNumbersWithFraction_IsAccepted()
    {
        var exp = Start.AddMinutes(5).ToUnixTimeSeconds();
        var token = Tokens.Hs256Raw($$"""{"sub":"alice","org":"default","role":"viewer","exp":{{exp}}.5,"iat":{{exp - 300}}}""");

        using var response = await GetAsync(Hs256Server(), token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Hs256_UnknownCritHeader_ReturnsAuth001()
    {
        var payload = $$"""{"sub":"alice","org":"default","role":"viewer","exp":{{Start.AddMinutes(5).ToUnixTimeSeconds()}}}""";
        var token = Tokens.Hs256Raw(payload, new Dictionary<string, object> { ["crit"] = new[] { "exp-ext" }, ["exp-ext"] = true });

        using var response = await GetAsync(Hs256Server(), token);

        var error = await Envelope.AssertErrorAsync(response, 401, "AUTH001");
        Assert.Equal(
            "the token marks header parameter(s) 'exp-ext' as critical (crit), which this server does not understand",
            (string?)error["details"]!["reason"]);
    }

    [Fact]
    public async Task Rs256_WrongKeyForKid_ReturnsAuth001()
    {
        using var published = RSA.Create(2048);
        using var forged = RSA.Create(2048);
        var jwks = Own(new LocalHttpServer((_, _) => (200, Tokens.Jwks(("k1", published)))));
        var server = Own(new ServerFactory().WithTime(time).With(JwtOptions.JwksUrlKey, jwks.Url("/jwks.json")));

        using var response = await GetAsync(server, Tokens.Rs256(forged, "k1", Start));
        await Envelope.AssertErrorAsync(response, 401, "AUTH001");
    }

    [Theory]
    [InlineData("""{"alg":"none","typ":"JWT"}""")]
    [InlineData("""{"alg":"ES256","typ":"JWT","kid":"k1"}""")]
    [InlineData("""{"alg":"HS512","typ":"JWT"}""")]
    public async Task Bearer_UnsupportedAlgorithm_ReturnsAuth007(string header)
    {
        using var response = await GetAsync(Hs256Server(), Tokens.WithHeader(header, Start));
        Assert.Equal(
            "unsupported signing algorithm", Envelope.Message(await Envelope.AssertErrorAsync(response, 400, "AUTH007")));
    }

    [Fact]
    public async Task Hs256_NoSecretWhenJwksIsConfigured_ReturnsAuth008()
    {
        var jwks = Own(new LocalHttpServer((_, _) => (200, """{"keys":[]}""")));
        var server = Own(new ServerFactory().WithTime(time).With(JwtOptions.JwksUrlKey, jwks.Url("/jwks.json")));

        using var response = await GetAsync(server, Tokens.Hs256(Start));
        Assert.Equal(
            "no secret configured for symmetric algorithm",
            Envelope.Message(await Envelope.AssertErrorAsync(response, 500, "AUTH008")));
    }

    [Theory]
    [InlineData(503, "unavailable")]
    [InlineData(200, "this is not a JWKS")]
    public async Task Rs256_JwksEndpointFails_ReturnsAuth009(int status, string body)
    {
        using var rsa = RSA.Create(2048);
        var jwks = Own(new LocalHttpServer((_, _) => (status, body)));
        var server = Own(new ServerFactory().WithTime(time).With(JwtOptions.JwksUrlKey, jwks.Url("/jwks.json")));

        using var response = await GetAsync(server, Tokens.Rs256(rsa, "k1", Start));
        Assert.Equal("failed to fetch JWKS", Envelope.Message(await Envelope.AssertErrorAsync(response, 500, "AUTH009")));
    }

    [Fact]
    public async Task Rs256_JwksServerDown_ReturnsAuth009()
    {
        using var rsa = RSA.Create(2048);
        var server = Own(new ServerFactory().WithTime(time)
            .With(JwtOptions.JwksUrlKey, $"http://127.0.0.1:{LocalHttpServer.FreePort()}/jwks.json"));

        using var response = await GetAsync(server, Tokens.Rs256(rsa, "k1", Start));
        Assert.Equal("failed to fetch JWKS", Envelope.Message(await Envelope.AssertErrorAsync(response, 500, "AUTH009")));
    }

    [Fact]
    public async Task Hs256_RoleTooLow_Returns403AndOtherOrgReturns403()
    {
        var server = Hs256Server();
        using var client = server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Tokens.Hs256(Start, role: "viewer"));
        using (var deploy = await client.PostAsync(Workflows, Api.Yaml("name: x")))
        {
            await Envelope.AssertErrorAsync(deploy, 403, "FORBIDDEN");
        }

        client.DefaultRequestHeaders.Add("X-Organization-Id", "other");
        using var otherOrg = await client.GetAsync(Workflows);
        await Envelope.AssertErrorAsync(otherOrg, 403, "FORBIDDEN");
    }

    [Fact]
    public async Task Hs256_UnknownOrganizationOrBadRole_IsRefused()
    {
        var server = Hs256Server();
        using (var ghost = await GetAsync(server, Tokens.Hs256(Start, org: "ghost")))
        {
            await Envelope.AssertErrorAsync(ghost, 404, "NOT_FOUND");
        }

        using var badRole = await GetAsync(server, Tokens.Hs256(Start, role: "superuser"));
        await Envelope.AssertErrorAsync(badRole, 401, "AUTH001");
    }

    /// <summary>Advances the clock, sends one token with an unknown kid (AUTH009 while the JWKS is down) and returns the fetches so far.</summary>
    private async Task<int> HitsAfterAsync(ServerFactory server, LocalHttpServer jwks, RSA rsa, TimeSpan advance)
    {
        time.Advance(advance);
        using var response = await GetAsync(server, Tokens.Rs256(rsa, "made-up", time.GetUtcNow()));
        await Envelope.AssertErrorAsync(response, 500, "AUTH009");
        return jwks.Hits("/jwks.json");
    }

    private ServerFactory Hs256Server() =>
        Own(new ServerFactory().WithTime(time).With(JwtOptions.SecretKey, Tokens.Secret));

    private T Own<T>(T item)
        where T : IDisposable
    {
        owned.Add(item);
        return item;
    }

    private static async Task<HttpResponseMessage> GetAsync(ServerFactory server, string? token)
    {
        using var client = server.CreateClient();
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await client.GetAsync(Workflows);
    }
}
