using Stepwise.Server.Tests.Support;

namespace Stepwise.Server.Tests.Docs;

/// <summary>
/// The error messages the docs quote, each produced by the real server and compared with the quote
/// (<see cref="DocClaim"/>): a message that changes fails here until the doc says what the program says.
/// </summary>
public sealed class DocumentedMessageTests : IClassFixture<ServerFactory>
{
    private const string Workflow = """
        name: once
        params:
          - { name: email, type: string, required: true }
          - { name: n, type: int, default: 1 }
        nodes:
          - { id: first, type: transform, with: { ok: true } }
          - { id: boom, type: fail, with: { message: broken } }
        """;

    private readonly ServerFactory factory;

    public DocumentedMessageTests(ServerFactory factory) => this.factory = factory;

    public static TheoryData<string, string> StartClaims => new()
    {
        { "docs/api.md", "`422 Missing required parameter: email`" },
        { "docs/api.md", "`Parameter 'n' validation failed: ...`" },
        { "docs/api.md", "`Unknown parameter 'x'`" },
        { "docs/troubleshooting.md", "`Parameter 'n' validation failed: expected an integer, got 'x'`" },
    };

    [Theory]
    [MemberData(nameof(StartClaims))]
    public async Task StartWithBadParams_SaysWhatTheDocsQuote(string file, string quoted)
    {
        var claim = DocClaim.Quote(file, quoted);
        using var client = factory.Client();
        await client.DeployAsync(Workflow);

        // Each problem alone: its status with the message, and every entry of details.errors.
        var messages = new List<string>();
        foreach (var body in new[] { """{"n": 1}""", """{"email": "a@b.c", "n": "x"}""", """{"email": "a@b.c", "x": 1}""" })
        {
            using var response = await client.PostAsync("/api/v1/workflows/once/executions", Api.Json(body));
            var error = (await response.ReadObjectAsync())["error"]!;
            messages.Add($"{(int)response.StatusCode} {error["message"]}");
            messages.AddRange(error["details"]?["errors"]?.AsArray().Select(e => e!.GetValue<string>()) ?? []);
        }

        Assert.True(messages.Exists(claim.Matches), claim.Mismatch(string.Join(" | ", messages)));
    }

    [Fact]
    public async Task RetryFromAnUnknownNode_SaysWhatApiMdQuotes()
    {
        var claim = DocClaim.Quote("docs/api.md", "`422 Node 'x' not found in workflow 'w'`");
        using var client = factory.Client();
        await client.DeployAsync(Workflow);
        var failed = await RunAsync(client, """{"email": "a@b.c"}""");

        using var response = await client.PostAsync($"/api/v1/executions/{failed}/retry?from=nope", null);

        var real = $"{(int)response.StatusCode} {(await response.ReadObjectAsync())["error"]!["message"]}";
        Assert.True(claim.Matches(real), claim.Mismatch(real));
    }

    [Fact]
    public async Task CompensateWithNothingToUndo_SaysWhatApiMdQuotes()
    {
        var claim = DocClaim.Quote("docs/api.md", "`409 Execution 'x' has nothing to compensate: ...`");
        using var client = factory.Client();
        await client.DeployAsync(Workflow);
        var failed = await RunAsync(client, """{"email": "a@b.c"}""");

        using var response = await client.PostAsync($"/api/v1/executions/{failed}/compensate", null);

        var real = $"{(int)response.StatusCode} {(await response.ReadObjectAsync())["error"]!["message"]}";
        Assert.True(claim.Matches(real), claim.Mismatch(real));
        var run = await (await client.GetAsync($"/api/v1/executions/{failed}")).ReadObjectAsync();
        Assert.Equal("failed", run["status"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("docs/api.md", "`401 AUTH005 missing authentication token`", null)]
    [InlineData("docs/troubleshooting.md", "401 `AUTH005` `missing authentication token`", null)]
    [InlineData("docs/api.md", "`401 Invalid API key`", "not-a-key")]
    public async Task Authentication_SaysWhatTheDocsQuote(string file, string quoted, string? key)
    {
        var claim = DocClaim.Quote(file, quoted);
        using var client = factory.Client(key: key);

        using var response = await client.GetAsync("/api/v1/workflows");

        var error = (await response.ReadObjectAsync())["error"]!;
        var code = error["code"]!.GetValue<string>();
        var real = quoted.Contains("AUTH005", StringComparison.Ordinal)
            ? $"{(int)response.StatusCode} {code} {error["message"]}"
            : $"{(int)response.StatusCode} {error["message"]}";
        Assert.True(claim.Matches(real), claim.Mismatch(real));
    }

    [Fact]
    public async Task ReferencePage_QuotesTheRealAuthenticationMessages()
    {
        using var anonymous = factory.Client(key: null);
        using var wrongKey = factory.Client(key: "not-a-key");
        var page = await anonymous.GetStringAsync("/docs");

        foreach (var client in new[] { anonymous, wrongKey })
        {
            using var response = await client.GetAsync("/api/v1/me");
            var message = (await response.ReadObjectAsync())["error"]!["message"]!.GetValue<string>();
            Assert.Contains($"<code>{message}</code>", page, StringComparison.Ordinal);
        }
    }

    private static async Task<string> RunAsync(HttpClient client, string body)
    {
        using var response = await client.PostAsync("/api/v1/workflows/once/executions?wait=30s", Api.Json(body));
        var run = await response.ReadObjectAsync();
        Assert.Equal("failed", run["status"]!.GetValue<string>());
        return run["id"]!.GetValue<string>();
    }
}
