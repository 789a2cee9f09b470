using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Stepwise.Core.Storage;
using Stepwise.Server.Auth;
using Stepwise.Server.Tests.Support;

namespace Stepwise.Server.Tests.Authentication;

/// <summary>
/// Walks every route of the running app with an API key and a bearer token of each role, and checks the result
/// against <see cref="Expected"/>. A route missing from the table fails the test: a new endpoint must say here who
/// may call it.
/// </summary>
[Collection(Diagnostics.RuntimeProfileCollection.Name)]
public sealed class RoleMatrixTests : IClassFixture<RoleMatrixTests.Fixture>
{
    /// <summary>Who may call each route: null for everyone (no credential), else the lowest role.</summary>
    private static readonly Dictionary<string, ApiKeyRole?> Expected = new(StringComparer.Ordinal)
    {
        ["GET /health/"] = null,
        ["GET /health/live"] = null,
        ["GET /health/ready"] = null,
        ["GET /health/detailed"] = ApiKeyRole.Admin,
        ["HEAD /health/"] = null,
        ["HEAD /health/live"] = null,
        ["HEAD /health/ready"] = null,
        ["HEAD /health/detailed"] = ApiKeyRole.Admin,
        ["GET /debug/runtime"] = ApiKeyRole.Admin,
        ["GET /debug/profile/cpu"] = ApiKeyRole.Admin,
        ["GET /debug/profile/heap"] = ApiKeyRole.Admin,
        ["GET /debug/threads"] = ApiKeyRole.Admin,
        ["GET /metrics"] = null,
        ["GET /docs"] = null,
        ["GET /openapi/v1.json"] = null,
        ["POST /auth/login"] = null,
        ["POST /auth/refresh"] = null,
        ["POST /auth/logout"] = null,
        ["POST /hooks/{org}/{**path}"] = null,
        ["GET /api/v1/workflows/"] = ApiKeyRole.Viewer,
        ["POST /api/v1/workflows/"] = ApiKeyRole.Developer,
        ["GET /api/v1/workflows/{name}"] = ApiKeyRole.Viewer,
        ["DELETE /api/v1/workflows/{name}"] = ApiKeyRole.Developer,
        ["GET /api/v1/workflows/{name}/versions"] = ApiKeyRole.Viewer,
        ["GET /api/v1/workflows/{name}/versions/{version:int}"] = ApiKeyRole.Viewer,
        ["POST /api/v1/workflows/{name}/executions"] = ApiKeyRole.Operator,
        ["GET /api/v1/workflows/{name}/form"] = ApiKeyRole.Viewer,
        ["GET /api/v1/workspace"] = ApiKeyRole.Developer,
        ["GET /api/v1/data-providers/"] = ApiKeyRole.Viewer,
        ["GET /api/v1/data-providers/{name}"] = ApiKeyRole.Operator,
        ["GET /api/v1/executions/"] = ApiKeyRole.Viewer,
        ["GET /api/v1/executions/{id}"] = ApiKeyRole.Viewer,
        ["GET /api/v1/executions/{id}/logs"] = ApiKeyRole.Viewer,
        ["GET /api/v1/executions/events"] = ApiKeyRole.Viewer,
        ["GET /api/v1/executions/{id}/events"] = ApiKeyRole.Viewer,
        ["GET /api/v1/me"] = ApiKeyRole.Viewer,
        ["POST /api/v1/executions/{id}/cancel"] = ApiKeyRole.Operator,
        ["POST /api/v1/executions/{id}/retry"] = ApiKeyRole.Operator,
        ["POST /api/v1/executions/{id}/compensate"] = ApiKeyRole.Operator,
        ["POST /api/v1/executions/{id}/signals/{name}"] = ApiKeyRole.Operator,
        ["GET /api/v1/executions/{id}/signals"] = ApiKeyRole.Viewer,
        ["GET /api/v1/executions/{id}/signals/{name}/{decision}"] = null,
        ["POST /api/v1/executions/{id}/signals/{name}/{decision}"] = null,
        ["GET /api/v1/signals"] = ApiKeyRole.Viewer,
        ["GET /api/v1/schedules"] = ApiKeyRole.Viewer,
        ["POST /api/v1/actions/execute"] = ApiKeyRole.Developer,
        ["GET /api/v1/circuit-breakers/"] = ApiKeyRole.Admin,
        ["POST /api/v1/circuit-breakers/{host}/reset"] = ApiKeyRole.Admin,
        ["GET /api/v1/admin/jobs/"] = ApiKeyRole.Admin,
        ["DELETE /api/v1/admin/jobs/{id}"] = ApiKeyRole.Admin,
        ["POST /api/v1/admin/jobs/purge"] = ApiKeyRole.Admin,
        ["GET /api/v1/audit"] = ApiKeyRole.Admin,
        ["GET /api/v1/organizations/"] = ApiKeyRole.Admin,
        ["POST /api/v1/organizations/"] = ApiKeyRole.Admin,
        ["POST /api/v1/organizations/{id}/activate"] = ApiKeyRole.Admin,
        ["POST /api/v1/organizations/{id}/deactivate"] = ApiKeyRole.Admin,
        ["GET /api/v1/api-keys/"] = ApiKeyRole.Admin,
        ["POST /api/v1/api-keys/"] = ApiKeyRole.Admin,
        ["POST /api/v1/api-keys/{id}/revoke"] = ApiKeyRole.Admin,
        ["GET /api/v1/users/"] = ApiKeyRole.Admin,
        ["POST /api/v1/users/"] = ApiKeyRole.Admin,
        ["PUT /api/v1/users/{username}/role"] = ApiKeyRole.Admin,
        ["DELETE /api/v1/users/{username}"] = ApiKeyRole.Admin,
        ["POST /api/v1/users/{username}/disable"] = ApiKeyRole.Admin,
        ["POST /api/v1/users/{username}/enable"] = ApiKeyRole.Admin,
        ["POST /api/v1/users/{username}/password"] = ApiKeyRole.Admin,
        ["GET /api/v1/secrets/"] = ApiKeyRole.Viewer,
        ["GET /api/v1/secrets/{name}"] = ApiKeyRole.Viewer,
        ["PUT /api/v1/secrets/{name}"] = ApiKeyRole.Admin,
        ["DELETE /api/v1/secrets/{name}"] = ApiKeyRole.Admin,
        ["GET /api/v1/config/"] = ApiKeyRole.Viewer,
        ["PUT /api/v1/config/"] = ApiKeyRole.Admin,
        ["GET /api/v1/config/{key}"] = ApiKeyRole.Viewer,
        ["PUT /api/v1/config/{key}"] = ApiKeyRole.Admin,
        ["DELETE /api/v1/config/{key}"] = ApiKeyRole.Admin,
        ["POST /api/v1/oauth/connections/"] = ApiKeyRole.Admin,
        ["GET /api/v1/oauth/connections/"] = ApiKeyRole.Viewer,
        ["GET /api/v1/oauth/connections/{name}"] = ApiKeyRole.Viewer,
        ["DELETE /api/v1/oauth/connections/{name}"] = ApiKeyRole.Admin,
        ["GET /api/v1/oauth/connections/{name}/authorize"] = ApiKeyRole.Admin,
        ["POST /api/v1/oauth/connections/{name}/refresh"] = ApiKeyRole.Admin,
        ["GET /api/v1/oauth/callback"] = null,
        ["POST /api/v1/records/"] = ApiKeyRole.Operator,
        ["POST /api/v1/records/batch"] = ApiKeyRole.Operator,
        ["GET /api/v1/records/"] = ApiKeyRole.Viewer,
        ["GET /api/v1/records/{id}"] = ApiKeyRole.Viewer,
        ["POST /api/v1/records/{id}/process"] = ApiKeyRole.Operator,
        ["POST /api/v1/records/{id}/reprocess"] = ApiKeyRole.Operator,
        ["GET /api/v1/records/processors"] = ApiKeyRole.Viewer,
        ["PUT /api/v1/records/processors/{category}"] = ApiKeyRole.Developer,
        ["DELETE /api/v1/records/processors/{category}"] = ApiKeyRole.Developer,
        ["GET /api/v1/reports/summary"] = ApiKeyRole.Viewer,
        ["GET /api/v1/query"] = ApiKeyRole.Viewer,
    };

    private static readonly ApiKeyRole[] Roles = [ApiKeyRole.Viewer, ApiKeyRole.Operator, ApiKeyRole.Developer, ApiKeyRole.Admin];

    private readonly Fixture fixture;

    public RoleMatrixTests(Fixture fixture) => this.fixture = fixture;

    [Fact]
    public async Task EveryRoute_IsInTheExpectedTable_AndTheTableHasNoStaleRoutes()
    {
        var routes = await fixture.RoutesAsync();
        var missing = routes.Select(r => r.Key).Where(key => !Expected.ContainsKey(key)).ToList();
        Assert.True(missing.Count == 0, "Routes not in the role matrix (add them to Expected): " + string.Join(", ", missing));
        var stale = Expected.Keys.Where(key => routes.All(r => r.Key != key)).ToList();
        Assert.True(stale.Count == 0, "Routes in the role matrix that no longer exist: " + string.Join(", ", stale));
    }

    [Fact]
    public async Task EveryRoute_DeclaresTheRoleOfTheTable()
    {
        foreach (var route in await fixture.RoutesAsync())
        {
            Assert.True(Expected.TryGetValue(route.Key, out var role), route.Key);
            Assert.True(role == route.Declared, $"{route.Key}: declares {route.Declared?.ToString() ?? "no role"}, expected {role?.ToString() ?? "no role"}");
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task EveryRoute_WithEachRole_IsAllowedOrDeniedAsTheTableSays(bool bearerToken)
    {
        var problems = new List<string>();
        foreach (var route in await fixture.RoutesAsync())
        {
            var required = Expected[route.Key];
            using (var anonymous = await fixture.SendAsync(route, null))
            {
                var status = (int)anonymous.StatusCode;
                if (required is null ? status is 401 or 403 : status != 401)
                {
                    problems.Add($"{route.Key} without a credential: {status}");
                }
            }

            foreach (var role in Roles)
            {
                var credential = bearerToken ? fixture.Tokens[role] : fixture.Keys[role];
                using var response = await fixture.SendAsync(route, (credential, bearerToken));
                var status = (int)response.StatusCode;
                var allowed = required is null || role >= required;
                if (allowed ? status is 401 or 403 : status != 403)
                {
                    problems.Add($"{route.Key} as {role.Name()}: {status} {await response.Content.ReadAsStringAsync()}");
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    public sealed record Route(string Method, string Pattern, ApiKeyRole? Declared)
    {
        public string Key => $"{Method} {Pattern}";

        /// <summary>The pattern with a value for each parameter: ids that exist nowhere, so nothing changes.</summary>
        public string Path =>
            Pattern.Replace("{org}", "default", StringComparison.Ordinal)
                .Replace("{**path}", "matrix-hook", StringComparison.Ordinal)
                .Replace("{name}", "matrix-none", StringComparison.Ordinal)
                .Replace("{version:int}", "1", StringComparison.Ordinal)
                .Replace("{id}", "matrix-none", StringComparison.Ordinal)
                .Replace("{category}", "matrix-none", StringComparison.Ordinal);
    }

    public sealed class Fixture : IAsyncLifetime
    {
        private readonly ServerFactory server = new ServerFactory().With("JWT_SECRET", Support.Tokens.Secret);

        public Dictionary<ApiKeyRole, string> Keys { get; } = [];

        public Dictionary<ApiKeyRole, string> Tokens { get; } = [];

        public async Task InitializeAsync()
        {
            foreach (var role in Roles)
            {
                Keys[role] = await server.CreateKeyAsync("default", role);
                Tokens[role] = Support.Tokens.Hs256(TimeProvider.System.GetUtcNow(), role: role.Name(), lifetime: TimeSpan.FromHours(1));
            }
        }

        public Task DisposeAsync()
        {
            server.Dispose();
            return Task.CompletedTask;
        }

        public async Task<IReadOnlyList<Route>> RoutesAsync()
        {
            await server.StartAsync();
            return server.Services.GetServices<EndpointDataSource>()
                .SelectMany(source => source.Endpoints)
                .OfType<RouteEndpoint>()
                .SelectMany(endpoint =>
                    (endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["ANY"]).Select(method =>
                        new Route(method, "/" + endpoint.RoutePattern.RawText!.TrimStart('/'), endpoint.Metadata.GetMetadata<RequiredRole>()?.Role)))
                .DistinctBy(route => route.Key)
                .OrderBy(route => route.Key, StringComparer.Ordinal)
                .ToList();
        }

        public async Task<HttpResponseMessage> SendAsync(Route route, (string Value, bool Bearer)? credential)
        {
            using var client = server.CreateClient();
            using var request = new HttpRequestMessage(new HttpMethod(route.Method), route.Path);
            if (credential is { } given)
            {
                if (given.Bearer)
                {
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", given.Value);
                }
                else
                {
                    request.Headers.Add("X-API-Key", given.Value);
                }
            }

            if (route.Method is "POST" or "PUT")
            {
                request.Content = Api.Json("{}");
            }

            // Headers only: an event stream that is allowed stays open; disposing the response closes it.
            return await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        }
    }
}
