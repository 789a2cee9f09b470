using System.Text;
using Stepwise.EndToEnd.Support;

namespace Stepwise.EndToEnd;

/// <summary>The error envelope, with request_id in body and header, from a real server for 401/404/405/413/422.</summary>
public sealed class ErrorEnvelopeTests : IClassFixture<SharedServer>
{
    private readonly ServerInstance server;

    public ErrorEnvelopeTests(SharedServer shared) => server = shared.Server;

    [Fact]
    public async Task NoKey_Returns401Envelope()
    {
        using var client = server.Client(key: null);
        using var response = await client.GetAsync("/api/v1/workflows");
        Assert.Equal("missing authentication token", (await Api.AssertErrorAsync(response, 401, "AUTH005")).Message());
    }

    [Fact]
    public async Task WrongKey_Returns401Envelope()
    {
        using var client = server.Client(key: "wrong");
        using var response = await client.GetAsync("/api/v1/workflows");
        Assert.Equal("Invalid API key", (await Api.AssertErrorAsync(response, 401, "UNAUTHORIZED")).Message());
    }

    [Fact]
    public async Task UnknownRouteAndWorkflow_Return404Envelopes()
    {
        using var client = server.Client();
        using var route = await client.GetAsync("/api/v1/nope");
        await Api.AssertErrorAsync(route, 404, "NOT_FOUND");
        using var workflow = await client.PostAsync("/api/v1/workflows/my_workflow/executions", Api.Json("{}"));
        Assert.Equal("Workflow 'my_workflow' not found", (await Api.AssertErrorAsync(workflow, 404, "NOT_FOUND")).Message());
    }

    [Fact]
    public async Task WrongMethod_Returns405Envelope()
    {
        using var client = server.Client();
        using var response = await client.PutAsync("/api/v1/workflows", Api.Json("{}"));
        await Api.AssertErrorAsync(response, 405, "METHOD_NOT_ALLOWED");
    }

    [Fact]
    public async Task OversizedBody_Returns413Envelope()
    {
        using var client = server.Client();
        using var content = new StringContent(new string(' ', 2 * 1024 * 1024) + "{}", Encoding.UTF8, "application/json");
        using var response = await client.PostAsync("/api/v1/workflows/greet/executions", content);
        await Api.AssertErrorAsync(response, 413, "PAYLOAD_TOO_LARGE");
    }

    [Fact]
    public async Task MissingParameter_Returns422Envelope()
    {
        using var client = server.Client();
        await client.DeployAsync(RepoPaths.ReadExample("greet.yaml"));
        using var response = await client.PostAsync("/api/v1/workflows/greet/executions", Api.Json("""{"name":"Ada"}"""));
        Assert.Equal("Missing required parameter: n", (await Api.AssertErrorAsync(response, 422, "VALIDATION_ERROR")).Message());
    }

    [Fact]
    public async Task CallerRequestId_IsEchoedInBodyAndHeader()
    {
        using var client = server.Client(key: null);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/workflows");
        request.Headers.Add("X-Request-ID", "debug-e2e-001");
        using var response = await client.SendAsync(request);
        await Api.AssertErrorAsync(response, 401);
        Assert.Contains("\"request_id\":\"debug-e2e-001\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
