using System.Text;
using Stepwise.Server.Tests.Support;

namespace Stepwise.Server.Tests.Http;

/// <summary>
/// Issue 21: a JSON body holding an escaped lone surrogate (<c>{"a":"\ud800"}</c>) is valid JSON grammar but not
/// text; every endpoint that reads JSON answers 400 with the envelope, never 500.
/// </summary>
public sealed class InvalidUnicodeTests : IClassFixture<ServerFactory>
{
    private const string Surrogate = "\\ud800";
    private readonly ServerFactory factory;

    public InvalidUnicodeTests(ServerFactory factory) => this.factory = factory;

    public static TheoryData<string, string, string?> Endpoints() => new()
    {
        { "POST", "/auth/login", null },
        { "POST", "/auth/refresh", null },
        { "POST", "/auth/logout", null },
        { "POST", "/hooks/default/greet", null },
        { "POST", "/api/v1/workflows/greet/executions", ServerFactory.AdminKey },
        { "POST", "/api/v1/workflows", ServerFactory.AdminKey },
        { "PUT", "/api/v1/config", ServerFactory.AdminKey },
        { "PUT", "/api/v1/config/region", ServerFactory.AdminKey },
        { "PUT", "/api/v1/secrets/token", ServerFactory.AdminKey },
        { "POST", "/api/v1/records", ServerFactory.AdminKey },
        { "POST", "/api/v1/records/batch", ServerFactory.AdminKey },
        { "PUT", "/api/v1/records/processors/orders", ServerFactory.AdminKey },
        { "POST", "/api/v1/actions/execute", ServerFactory.AdminKey },
        { "POST", "/api/v1/oauth/connections", ServerFactory.AdminKey },
    };

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Post_LoneSurrogate_Returns400EnvelopeNamingIt(string method, string path, string? key)
    {
        await factory.Client().DeployAsync(RepoPaths.ReadExample("greet.yaml"));
        using var client = key is null ? factory.CreateClient() : factory.Client(key);
        foreach (var body in new[] { $$"""{"a":"{{Surrogate}}"}""", $$"""{"name":"x{{Surrogate}}y","n":1}""", $$"""{"{{Surrogate}}":1}""" })
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path)
            {
                Content = new StringContent(body, Encoding.UTF8, "application/json"),
            };

            using var response = await client.SendAsync(request);

            var error = await Envelope.AssertErrorAsync(response, 400, "BAD_REQUEST");
            Assert.Contains("JSON", Envelope.Message(error), StringComparison.Ordinal);
            Assert.Contains("a string holds invalid Unicode (a lone surrogate such as \\ud800)", Envelope.Message(error), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Post_SurrogatePairEscaped_IsText()
    {
        using var client = factory.Client();
        await client.DeployAsync(RepoPaths.ReadExample("greet.yaml"));

        using var response = await client.PostAsync(
            "/api/v1/workflows/greet/executions", Api.Json("""{"name":"\ud83d\ude00","n":1}"""));

        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }
}
