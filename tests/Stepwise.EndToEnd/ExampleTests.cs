using System.Text.Json.Nodes;
using Stepwise.EndToEnd.Support;

namespace Stepwise.EndToEnd;

/// <summary>Every example in examples/ deployed to a real server and run through the API.</summary>
public sealed class ExampleTests : IClassFixture<SharedServer>
{
    private readonly ServerInstance server;

    public ExampleTests(SharedServer shared) => server = shared.Server;

    [Fact]
    public async Task DeployAndRun_EveryExample_GivesItsDocumentedOutcome()
    {
        using var client = server.Client();
        var files = Directory.GetFiles(RepoPaths.Examples, "*.yaml").Order(StringComparer.Ordinal).ToList();
        Assert.True(files.Count >= 9, string.Join(", ", files));
        await DeployInDependencyOrderAsync(client, files);

        using var remote = new LocalHttpServer((_, count) => count <= 2 ? (503, "{}") : (200, "{\"ok\":true}"));
        var cases = new (string Workflow, string Input, string Status, string? Output)[]
        {
            ("greet", """{"name":"Ada","n":21}""", "succeeded", """{"doubled":42,"greeting":"hello Ada"}"""),
            ("branch", """{"amount":250}""", "succeeded", """{"route":"review","amount":250}"""),
            ("branch", """{"amount":50}""", "succeeded", """{"route":"auto","amount":50}"""),
            ("chain10", "{}", "succeeded", """{"count":10}"""),
            ("fanout40", "{}", "succeeded", """{"sum":20540}"""),
            ("process_batch", """{"batch":[1,2]}""", "succeeded", """{"processed":2}"""),
            ("process_all", """{"items":[1,2,3,4,5,6,7]}""", "succeeded", """{"processed":7,"batches":3}"""),
            ("saga", "{}", "compensated", null),
            ("saga", """{"fail_charge":false}""", "succeeded", null),
            ("nightly_report", "{}", "succeeded", null),
            ("http_retry", $$"""{"url":"{{remote.Url("flaky")}}"}""", "succeeded", """{"status":200,"ok":true}"""),
        };
        foreach (var (workflow, input, status, output) in cases)
        {
            var run = await client.RunAsync(workflow, input);
            Assert.True(run.Status() == status, $"{workflow} {input}: {run.ToJsonString()}");
            if (output is not null)
            {
                Assert.True(JsonNode.DeepEquals(JsonNode.Parse(output), run["output"]), $"{workflow}: {run["output"]?.ToJsonString()}");
            }
        }

        Assert.Equal(3, remote.Hits("flaky"));
        await RunAgentApprovalAndEmailExamplesAsync(client);
        var listed = await (await client.GetAsync("/api/v1/workflows")).ReadObjectAsync();
        Assert.Equal(files.Count, listed["items"]!.AsArray().Count);
    }

    /// <summary>support_agent against a local model server, refund approved by a signal, order_email to a local SMTP server.</summary>
    private static async Task RunAgentApprovalAndEmailExamplesAsync(HttpClient client)
    {
        using var model = new FakeModelServer((turn, request) => turn switch
        {
            1 => FakeModelServer.ToolCalls(1, ("lookup_order", """{"order_id":"A-17"}""")),
            2 => FakeModelServer.ToolCalls(2, ("note", """{"message":"customer waited long"}""")),
            _ => FakeModelServer.Answer("A-17 is " + JsonNode.Parse(FakeModelServer.ToolResults(request)[0])!["status"]),
        });
        using var smtp = Stepwise.Server.Tests.Support.LocalSmtpServer.StartTls("shop", "smtp-example-password");
        foreach (var (key, value) in new[]
        {
            ("llm_base_url", $"\"{model.BaseUrl}\""), ("smtp_host", "\"127.0.0.1\""), ("smtp_port", smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("smtp_tls", "\"none\""),
        })
        {
            (await client.PutAsync($"/api/v1/config/{key}", Api.Json($$"""{"value":{{value}}}"""))).EnsureSuccessStatusCode();
        }

        (await client.PutAsync("/api/v1/secrets/llm_key", Api.Json("""{"value":"sk-example"}"""))).EnsureSuccessStatusCode();
        (await client.PutAsync("/api/v1/secrets/smtp_password", Api.Json("""{"value":"smtp-example-password"}"""))).EnsureSuccessStatusCode();

        var agent = await client.RunAsync("support_agent", """{"question":"Where is A-17? I waited long."}""");
        Assert.True(agent.Status() == "succeeded", agent.ToJsonString());
        Assert.Equal("A-17 is shipped", agent["output"]!["answer"]!.GetValue<string>());

        var refund = (await client.StartAsync("refund", """{"amount": 30}"""))["id"]!.GetValue<string>();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            using var sent = await client.PostAsync($"/api/v1/executions/{refund}/signals/approve", Api.Json("""{"approved": true}"""), deadline.Token);
            if (sent.StatusCode == System.Net.HttpStatusCode.Accepted)
            {
                break;
            }

            // 409 until the run reaches its approval node.
            await Task.Delay(100, deadline.Token);
        }

        var approved = await client.WaitForAsync(refund, TimeSpan.FromSeconds(60), "succeeded", "failed");
        Assert.True(approved["output"]!["approved"]!.GetValue<bool>(), approved.ToJsonString());

        var mail = await client.RunAsync("order_email", """{"customer":"ada@example.com","order":{"id":"A-17","total":42}}""");
        Assert.True(mail.Status() == "succeeded", mail.ToJsonString());
        var message = await smtp.NextAsync();
        Assert.Equal("Your order A-17 has shipped", message.Subject);
        Assert.Contains("order.json", message.Attachments.Select(a => a.ContentDisposition?.FileName), StringComparer.Ordinal);
    }

    /// <summary>A parent needs its children deployed first; deploy in passes until nothing more succeeds.</summary>
    private static async Task DeployInDependencyOrderAsync(HttpClient client, List<string> files)
    {
        var pending = files.ToList();
        while (pending.Count > 0)
        {
            var before = pending.Count;
            var failures = new List<string>();
            foreach (var file in pending.ToList())
            {
                using var response = await client.PostAsync("/api/v1/workflows", Api.Yaml(await File.ReadAllTextAsync(file)));
                if (response.IsSuccessStatusCode)
                {
                    pending.Remove(file);
                }
                else
                {
                    failures.Add($"{Path.GetFileName(file)}: {await response.Content.ReadAsStringAsync()}");
                }
            }

            if (pending.Count == before)
            {
                Assert.Fail("Some examples never deployed:\n" + string.Join("\n", failures));
            }
        }
    }
}
