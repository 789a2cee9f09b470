using System.Text.Json.Nodes;
using Stepwise.Server.Tests.Support;

namespace Stepwise.Server.Tests.OpenApi;

/// <summary>The shape of the served OpenAPI document that its consumers (code generators, linters, gateways) rely on.</summary>
public sealed class OpenApiDocumentTests
{
    [Fact]
    public async Task ServedDocument_NamesTheServerWithoutTrailingSlash_AndSaysPerOperationWhoMayCall()
    {
        await using var host = await KestrelHost.StartAsync(new Dictionary<string, string?>());
        using var client = host.Client(key: null);
        var document = JsonNode.Parse(await client.GetStringAsync("/openapi/v1.json"))!;

        var server = Assert.Single(document["servers"]!.AsArray())!["url"]!.GetValue<string>();
        Assert.Equal(host.Address.ToString().TrimEnd('/'), server);
        Assert.Null(document["security"]);
        Assert.Empty(document["paths"]!["/health"]!["get"]!["security"]!.AsArray());
        Assert.Empty(document["paths"]!["/auth/login"]!["post"]!["security"]!.AsArray());
        Assert.Empty(document["paths"]!["/hooks/{org}/{path}"]!["post"]!["security"]!.AsArray());
        var secured = document["paths"]!["/api/v1/workflows"]!["get"]!["security"]!.AsArray();
        Assert.Equal(["ApiKey", "Bearer"], secured.Select(r => r!.AsObject().Single().Key));
    }

    [Fact]
    public async Task ServedDocument_HasUniqueOperationIds_AndNoNullableOneOf()
    {
        await using var host = await KestrelHost.StartAsync(new Dictionary<string, string?>());
        using var client = host.Client(key: null);
        var text = await client.GetStringAsync("/openapi/v1.json");
        var document = JsonNode.Parse(text)!;

        var ids = document["paths"]!.AsObject()
            .SelectMany(p => p.Value!.AsObject().Select(o => o.Value!["operationId"]?.GetValue<string>()))
            .ToList();
        Assert.DoesNotContain(null, ids);
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal("getExecutionsByIdLogs", document["paths"]!["/api/v1/executions/{id}/logs"]!["get"]!["operationId"]!.GetValue<string>());
        Assert.DoesNotContain("\"oneOf\"", text, StringComparison.Ordinal);
        var details = document["components"]!["schemas"]!["ErrorBody"]!;
        Assert.DoesNotContain("details", details["required"]!.AsArray().Select(r => r!.GetValue<string>()));
    }
}
