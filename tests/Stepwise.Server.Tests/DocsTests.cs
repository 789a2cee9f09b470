using System.Net;
using System.Text.Json.Nodes;
using Stepwise.Server.Tests.Support;

namespace Stepwise.Server.Tests;

public sealed class DocsTests : IClassFixture<ServerFactory>
{
    private readonly ServerFactory factory;

    public DocsTests(ServerFactory factory) => this.factory = factory;

    [Fact]
    public async Task OpenApi_WithoutKey_DescribesEveryEndpoint()
    {
        using var client = factory.CreateClient();
        using var response = await client.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var paths = document["paths"]!.AsObject().Select(p => p.Key).ToList();
        foreach (var path in new[]
        {
            "/api/v1/workflows", "/api/v1/workflows/{name}", "/api/v1/workflows/{name}/versions",
            "/api/v1/workflows/{name}/executions", "/api/v1/executions", "/api/v1/executions/{id}",
            "/api/v1/executions/{id}/logs", "/api/v1/executions/{id}/cancel", "/api/v1/executions/{id}/retry",
            "/api/v1/executions/{id}/compensate", "/hooks/{org}/{path}", "/api/v1/schedules", "/api/v1/admin/jobs",
            "/api/v1/admin/jobs/{id}", "/api/v1/admin/jobs/purge", "/health/detailed", "/debug/runtime",
            "/debug/profile/cpu", "/debug/profile/heap", "/debug/threads",
        })
        {
            Assert.Contains(path, paths);
        }

        Assert.Equal("X-API-Key", document["components"]!["securitySchemes"]!["ApiKey"]!["name"]!.GetValue<string>());
        Assert.NotNull(document["paths"]!["/api/v1/workflows"]!["post"]!["requestBody"]!["content"]!["application/yaml"]);
    }

    [Fact]
    public async Task Docs_Page_IsSelfContainedHtml()
    {
        using var client = factory.CreateClient();
        using var response = await client.GetAsync("/docs");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("/openapi/v1.json", html, StringComparison.Ordinal);
        Assert.DoesNotContain("src=\"http", html, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"http", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<link", html, StringComparison.Ordinal);
    }
}
