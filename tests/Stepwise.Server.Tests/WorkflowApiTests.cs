using System.Net;
using System.Text;
using Stepwise.Server.Tests.Support;

namespace Stepwise.Server.Tests;

public sealed class WorkflowApiTests : IClassFixture<ServerFactory>
{
    private const string Workflows = "/api/v1/workflows";
    private readonly ServerFactory factory;

    public WorkflowApiTests(ServerFactory factory) => this.factory = factory;

    // A webhook path belongs to one workflow of an organization, so the copy gets its own path too.
    private static string Named(string yaml, string name) =>
        yaml.Replace("name: greet\n", $"name: {name}\n", StringComparison.Ordinal)
            .Replace("path: greet\n", $"path: {name}\n", StringComparison.Ordinal);

    [Fact]
    public async Task Deploy_NewThenSameThenChanged_VersionsOneOneTwo()
    {
        using var client = factory.Client();
        var source = Named(RepoPaths.ReadExample("greet.yaml"), "versioned");
        using var first = await client.PostAsync(Workflows, Api.Yaml(source));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal("/api/v1/workflows/versioned", first.Headers.Location?.ToString());
        Assert.Equal(1, (await first.ReadObjectAsync())["version"]!.GetValue<int>());

        using var same = await client.PostAsync(Workflows, Api.Yaml(source));
        Assert.Equal(HttpStatusCode.OK, same.StatusCode);
        var unchanged = await same.ReadObjectAsync();
        Assert.Equal(1, unchanged["version"]!.GetValue<int>());
        Assert.False(unchanged["created"]!.GetValue<bool>());

        var edited = source.Replace("Doubles a number", "Doubles a number twice", StringComparison.Ordinal);
        var second = await client.DeployAsync(edited);
        Assert.Equal(2, second["version"]!.GetValue<int>());

        var versions = await (await client.GetAsync($"{Workflows}/versioned/versions")).ReadObjectAsync();
        Assert.Equal([2, 1], versions["items"]!.AsArray().Select(v => v!["version"]!.GetValue<int>()));
        var current = await (await client.GetAsync($"{Workflows}/versioned")).ReadObjectAsync();
        Assert.Equal(2, current["version"]!.GetValue<int>());
        Assert.Equal(2, current["versions"]!.GetValue<int>());
        Assert.Equal(edited, current["source"]!.GetValue<string>());
        Assert.Equal("webhook", current["definition"]!["triggers"]![0]!["type"]!.GetValue<string>());
        var old = await (await client.GetAsync($"{Workflows}/versioned/versions/1")).ReadObjectAsync();
        Assert.Equal(source, old["source"]!.GetValue<string>());
    }

    [Fact]
    public async Task Deploy_Json_IsAccepted()
    {
        using var client = factory.Client();
        const string json = """{"name": "from_json", "nodes": [{"id": "a", "type": "transform", "with": {"x": 1}}]}""";
        using var response = await client.PostAsync(Workflows, Api.Json(json));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task Deploy_Invalid_Returns422ListingEveryProblemWithLineAndColumn()
    {
        using var client = factory.Client();
        const string yaml = """
            name: broken
            nodes:
              - id: a
                type: transform
                with: { x: "${{ params.missing }}" }
              - id: a
                type: no_such_action
            """;
        using var response = await client.PostAsync(Workflows, Api.Yaml(yaml));
        var error = await Envelope.AssertErrorAsync(response, 422, "VALIDATION_ERROR");
        var diagnostics = error["details"]!["diagnostics"]!.AsArray();
        Assert.True(diagnostics.Count >= 3, error.ToJsonString());
        Assert.All(diagnostics, d => Assert.True(d!["line"]!.GetValue<int>() > 0));
        Assert.Contains(diagnostics, d => d!["message"]!.GetValue<string>().Contains("duplicate node id 'a'", StringComparison.Ordinal));
        Assert.Contains("duplicate node id 'a'", Envelope.Message(error), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deploy_Invalid_EachDiagnosticNamesItsSeedType()
    {
        using var client = factory.Client();
        const string yaml = """
            name: typed_errors
            params: [{ name: s, type: string }]
            nodes:
              - id: a
                type: transform
                with: { x: "${{ count }}", y: "${{ sum() }}", z: "${{ map(params.s, c => c) }}" }
              - id: a
                type: log
                with: { message: hi }
            """;
        using var response = await client.PostAsync(Workflows, Api.Yaml(yaml));

        var error = await Envelope.AssertErrorAsync(response, 422, "VALIDATION_ERROR");
        var types = error["details"]!["diagnostics"]!.AsArray()
            .ToDictionary(d => (string)d!["message"]!, d => (string?)d!["type"]);
        Assert.Equal("ScopeError", types.Single(t => t.Key.EndsWith("undefined variable 'count'", StringComparison.Ordinal)).Value);
        Assert.Equal("FunctionError", types.Single(t => t.Key.EndsWith("wrong number of arguments for 'sum': expected 1, got 0", StringComparison.Ordinal)).Value);
        Assert.Equal("TypeError", types.Single(t => t.Key.EndsWith("cannot iterate over non-array type 'string'", StringComparison.Ordinal)).Value);
        Assert.Null(types.Single(t => t.Key.EndsWith("duplicate node id 'a'", StringComparison.Ordinal)).Value);
    }

    [Theory]
    [InlineData("application/yaml", "name: x\nnodes:\n  - id: a\n   type: log\n", "Malformed YAML at line")]
    [InlineData("application/json", "{\"name\": ", "Malformed JSON at line")]
    public async Task Deploy_Malformed_Returns400WithPosition(string contentType, string body, string message)
    {
        using var client = factory.Client();
        using var content = new StringContent(body, Encoding.UTF8, contentType);
        using var response = await client.PostAsync(Workflows, content);
        var error = await Envelope.AssertErrorAsync(response, 400, "BAD_REQUEST");
        Assert.StartsWith(message, Envelope.Message(error), StringComparison.Ordinal);
        Assert.True(error["details"]!["line"]!.GetValue<int>() > 0);
    }

    [Fact]
    public async Task Deploy_UnknownChildWorkflow_Returns422UntilTheChildIsDeployed()
    {
        using var client = factory.Client();
        using var early = await client.PostAsync(Workflows, Api.Yaml(RepoPaths.ReadExample("process_all.yaml")));
        var error = await Envelope.AssertErrorAsync(early, 422, "VALIDATION_ERROR");
        Assert.Contains("process_batch", Envelope.Message(error), StringComparison.Ordinal);

        await client.DeployAsync(RepoPaths.ReadExample("process_batch.yaml"));
        await client.DeployAsync(RepoPaths.ReadExample("process_all.yaml"));
    }

    [Fact]
    public async Task Delete_Deployed_HidesItUntilDeployedAgainAsNewVersion()
    {
        using var client = factory.Client();
        var source = Named(RepoPaths.ReadExample("greet.yaml"), "short_lived");
        await client.DeployAsync(source);
        using (var deleted = await client.DeleteAsync($"{Workflows}/short_lived"))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        using (var gone = await client.GetAsync($"{Workflows}/short_lived"))
        {
            var error = await Envelope.AssertErrorAsync(gone, 404, "NOT_FOUND");
            Assert.Equal("Workflow 'short_lived' not found", Envelope.Message(error));
        }

        using (var again = await client.DeleteAsync($"{Workflows}/short_lived"))
        {
            await Envelope.AssertErrorAsync(again, 404, "NOT_FOUND");
        }

        var list = await (await client.GetAsync(Workflows)).ReadObjectAsync();
        Assert.DoesNotContain(list["items"]!.AsArray(), item => item!["name"]!.GetValue<string>() == "short_lived");
        var redeployed = await client.DeployAsync(source);
        Assert.Equal(2, redeployed["version"]!.GetValue<int>());
        Assert.True(redeployed["created"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData("/api/v1/workflows/..%2F..%2Fetc%2Fpasswd")]
    [InlineData("/api/v1/workflows/UPPER")]
    [InlineData("/api/v1/workflows/has.dot")]
    public async Task Get_InvalidName_Returns400(string path)
    {
        using var client = factory.Client();
        using var response = await client.GetAsync(path);
        var error = await Envelope.AssertErrorAsync(response, 400, "BAD_REQUEST");
        Assert.StartsWith("Invalid workflow name", Envelope.Message(error), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deploy_TooLarge_Returns413()
    {
        using var client = factory.Client();
        var huge = "name: big\ndescription: \"" + new string('x', 1_100_000) + "\"\nnodes: []\n";
        using var response = await client.PostAsync(Workflows, Api.Yaml(huge));
        var error = await Envelope.AssertErrorAsync(response, 413, "PAYLOAD_TOO_LARGE");
        Assert.Equal("Request body too large: the limit is 1048576 bytes", Envelope.Message(error));
    }

    [Fact]
    public async Task Deploy_FormContentType_Returns415WithHint()
    {
        using var client = factory.Client();
        using var content = new StringContent("a=b", Encoding.UTF8, "application/x-www-form-urlencoded");
        using var response = await client.PostAsync(Workflows, content);
        var error = await Envelope.AssertErrorAsync(response, 415, "UNSUPPORTED_MEDIA_TYPE");
        Assert.Contains("application/yaml", Envelope.Message(error), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deploy_EmptyBody_Returns400()
    {
        using var client = factory.Client();
        using var response = await client.PostAsync(Workflows, Api.Yaml(string.Empty));
        await Envelope.AssertErrorAsync(response, 400, "BAD_REQUEST");
    }
}
