using Stepwise.Server.Tests.Support;

namespace Stepwise.Server.Tests.Http;

/// <summary>
/// Every list endpoint refuses a query parameter it does not know with a 422 naming it (a misspelt filter used to
/// list everything), and a bad value of a known one with a 422 naming the parameter; <c>?code=</c> (the API key)
/// passes everywhere.
/// </summary>
public sealed class StrictListParameterTests : IClassFixture<ServerFactory>
{
    private readonly ServerFactory factory;

    public StrictListParameterTests(ServerFactory factory) => this.factory = factory;

    [Theory]
    [InlineData("/api/v1/executions?sort_by=invalid", "sort_by", "status, workflow, since, until, limit, cursor")]
    [InlineData("/api/v1/executions/events?stauts=failed", "stauts", "status, workflow, since, until, limit, cursor")]
    [InlineData("/api/v1/audit?user=ada", "user", "actor, action, resource, since, until, limit, cursor")]
    [InlineData("/api/v1/admin/jobs?state=pending", "state", "status, limit")]
    [InlineData("/api/v1/signals?name=approve", "name", "status, workflow, kind, limit, cursor")]
    [InlineData("/api/v1/schedules?page=2", "page", "count, workflow")]
    public async Task List_UnknownParameter_Returns422NamingItAndTheAcceptedOnes(string url, string parameter, string accepted)
    {
        using var client = factory.Client();
        using var response = await client.GetAsync(url);

        var error = await Envelope.AssertErrorAsync(response, 422, "VALIDATION_ERROR");
        Assert.Equal($"Unknown query parameter '{parameter}': this endpoint accepts {accepted}", Envelope.Message(error));
        Assert.Equal(parameter, (string)error["details"]!["parameter"]!);
    }

    [Theory]
    [InlineData("/api/v1/workflows")]
    [InlineData("/api/v1/secrets")]
    [InlineData("/api/v1/config")]
    [InlineData("/api/v1/oauth/connections")]
    [InlineData("/api/v1/records/processors")]
    [InlineData("/api/v1/circuit-breakers")]
    [InlineData("/api/v1/data-providers")]
    public async Task List_WithoutParameters_RefusesAny(string url)
    {
        using var client = factory.Client();
        using var response = await client.GetAsync(url + "?page=2");

        var error = await Envelope.AssertErrorAsync(response, 422, "VALIDATION_ERROR");
        Assert.Equal("Unknown query parameter 'page': this endpoint takes none", Envelope.Message(error));
    }

    [Theory]
    [InlineData("/api/v1/executions?status=done", "status")]
    [InlineData("/api/v1/executions?limit=0", "limit")]
    [InlineData("/api/v1/executions?since=yesterday", "since")]
    [InlineData("/api/v1/audit?limit=abc", "limit")]
    [InlineData("/api/v1/admin/jobs?status=nope", "status")]
    [InlineData("/api/v1/executions?status=failed&status=running", "status")]
    public async Task List_BadValue_Returns422NamingTheParameter(string url, string parameter)
    {
        using var client = factory.Client();
        using var response = await client.GetAsync(url);

        var error = await Envelope.AssertErrorAsync(response, 422, "VALIDATION_ERROR");
        Assert.Contains($"'{parameter}'", Envelope.Message(error), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/v1/executions?limit=5&code=")]
    [InlineData("/api/v1/workflows?code=")]
    [InlineData("/api/v1/records?code=")]
    public async Task List_ApiKeyInTheQuery_IsAccepted(string url)
    {
        using var client = factory.Client(key: null);
        using var response = await client.GetAsync(url + ServerFactory.AdminKey);

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
    }
}
