using System.Text;
using Microsoft.Data.Sqlite;
using Stepwise.Server.Tests.Support;

namespace Stepwise.Server.Tests.Secrets;

/// <summary>
/// A run that uses a secret in an http header, a log line and an error message leaves no trace of its plaintext in
/// any table of the database (every text and blob column), in any log line of the server, or in any API answer.
/// </summary>
public sealed class SecretRedactionTests : IDisposable
{
    private const string Plaintext = "Zq8-very-secret-api-key-31337";

    private const string Workflow = """
        name: uses_secret
        params:
          - { name: url, type: string, required: true }
        nodes:
          - id: call
            type: http
            with:
              url: "${{ params.url }}"
              headers: { X-Api-Key: "${{ secrets.api_key }}" }
          - id: note
            type: log
            with:
              message: "calling with ${{ secrets.api_key }}"
              data: { key: "${{ secrets.api_key }}", echoed: "${{ nodes.call.output.body.seen }}" }
          - id: boom
            type: fail
            with: { message: "the server refused key ${{ secrets.api_key }}", code: REFUSED }
        """;

    private readonly TempFolder logs = new();
    private readonly ServerFactory factory;

    public SecretRedactionTests()
    {
        factory = new ServerFactory()
            .With("LOG_LEVEL", "debug")
            .With("LOG_OUTPUT", Path.Combine(logs.Path, "server.log"));
    }

    public void Dispose()
    {
        factory.Dispose();
        logs.Dispose();
        if (factory.KeepFolder && Directory.Exists(factory.DataFolder))
        {
            Directory.Delete(factory.DataFolder, recursive: true);
        }
    }

    [Fact]
    public async Task Run_UsingASecretEverywhere_LeavesNoPlaintextInTablesLogsOrAnswers()
    {
        using var echo = new LocalHttpServer(request => (200, $$"""{"seen":"{{request.Headers["X-Api-Key"]}}"}"""));
        var answers = new StringBuilder();
        using (var admin = factory.Client())
        {
            (await admin.PutAsync("/api/v1/secrets/api_key", Api.Json($$"""{"value":"{{Plaintext}}"}"""))).EnsureSuccessStatusCode();
            await admin.DeployAsync(Workflow);

            var run = await admin.RunAsync("uses_secret", $$"""{"url":"{{echo.Url("/check")}}"}""");
            answers.Append(run.ToJsonString());
            var detail = await admin.GetRunAsync(run.Id());
            answers.Append(detail.ToJsonString());
            answers.Append(await admin.GetStringAsync($"/api/v1/executions/{run.Id()}/logs"));
            answers.Append(await admin.GetStringAsync("/api/v1/secrets"));

            Assert.Equal("failed", run.Status());
            Assert.Equal(Plaintext, echo.To("/check").Single().Headers["X-Api-Key"]);
            Assert.Equal("the server refused key ***", detail.Step("boom")!["error"]!.GetValue<string>());
            Assert.Equal("***", detail.Step("call")!["output"]!["body"]!["seen"]!.GetValue<string>());
            Assert.Contains("calling with ***", answers.ToString(), StringComparison.Ordinal);

            // A waiter is answered once the final state is committed; the run logs its end just after that, and the
            // log sink writes in the background. The search below must cover that line too.
            await WaitForLogAsync("execution.end");
        }

        factory.KeepFolder = true;
        await factory.DisposeAsync();
        var database = Path.Combine(factory.DataFolder, "stepwise.db");
        var hits = await TableHitsAsync(database);
        var logText = string.Concat(Directory.GetFiles(logs.Path).Select(File.ReadAllText));

        Assert.Empty(hits);
        Assert.Contains("execution.end", logText, StringComparison.Ordinal);
        var leaking = logText.Split('\n').Where(line => line.Contains(Plaintext, StringComparison.Ordinal)).ToList();
        Assert.True(leaking.Count == 0, string.Join('\n', leaking));
        var console = factory.Console.ToString().Split('\n').Where(line => line.Contains(Plaintext, StringComparison.Ordinal));
        Assert.True(!console.Any(), string.Join('\n', console));
        Assert.DoesNotContain(Plaintext, answers.ToString(), StringComparison.Ordinal);
        foreach (var file in Directory.GetFiles(factory.DataFolder, "stepwise.db*"))
        {
            Assert.True(File.ReadAllBytes(file).AsSpan().IndexOf(Encoding.UTF8.GetBytes(Plaintext)) < 0, $"plaintext in {file}");
        }
    }

    private async Task WaitForLogAsync(string text)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (!Directory.GetFiles(logs.Path).Any(file => ReadShared(file).Contains(text, StringComparison.Ordinal)))
        {
            await Task.Delay(20, deadline.Token);
        }
    }

    private static string ReadShared(string file)
    {
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    [Fact]
    public async Task Run_MissingSecret_FailsTheStepWithTheExactMessage()
    {
        using var admin = factory.Client();
        await admin.DeployAsync("""
            name: missing_secret
            nodes:
              - id: read
                type: transform
                with: { key: "${{ secrets.nope }}" }
            """);

        var run = await admin.RunAsync("missing_secret");
        var detail = await admin.GetRunAsync(run.Id());

        Assert.Equal("failed", run.Status());
        Assert.Equal("Secret 'nope' not found", detail.Step("read")!["error"]!.GetValue<string>());
    }

    /// <summary>Every table, every row, every text or blob column that holds the plaintext: "table.column: plaintext".</summary>
    private static Task<List<string>> TableHitsAsync(string path) => StoreTextScan.FindAsync(path, [Plaintext], "org_secrets", "steps");
}
