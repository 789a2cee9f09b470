using System.Text.Json.Nodes;
using Stepwise.Server.Tests.Support;

namespace Stepwise.Server.Tests.Agents;

/// <summary>
/// The agent action against a local OpenAI-compatible server: a conversation of several turns with two tools, and
/// every error the docs promise. The workflow is the issue's contract plus options.
/// </summary>
public sealed class AgentApiTests : IDisposable
{
    public const string SecretKey = "sk-test-3f9a7c1e5b2d4068";

    public const string SupportAgent = """
        name: support_agent
        params: [ { name: question, type: string, required: true } ]
        nodes:
          - id: answer
            type: agent
            with:
              base_url: ${{ config.llm_base_url }}
              model: test-model
              api_key: ${{ secrets.llm_key }}
              instructions: You answer questions about orders. Use the tools.
              input: ${{ params.question }}
              tools: [ { workflow: lookup_order } ]
              max_iterations: 5
        output: { answer: "${{ nodes.answer.output.text }}" }
        """;

    public const string LookupOrder = """
        name: lookup_order
        description: Looks an order up by its id.
        params: [ { name: order_id, type: string, required: true, label: The order's id } ]
        nodes:
          - { id: find, type: transform, with: { order_id: "${{ params.order_id }}", status: shipped } }
        output: "${{ nodes.find.output }}"
        """;

    private readonly ServerFactory server = new();

    public void Dispose() => server.Dispose();

    private async Task<HttpClient> SetUpAsync(FakeModelServer model, string workflow = SupportAgent)
    {
        var client = server.Client();
        (await client.PutAsync("/api/v1/config/llm_base_url", Api.Json($$"""{"value":"{{model.BaseUrl}}"}"""))).EnsureSuccessStatusCode();
        (await client.PutAsync("/api/v1/secrets/llm_key", Api.Json($$"""{"value":"{{SecretKey}}"}"""))).EnsureSuccessStatusCode();
        await client.DeployAsync(LookupOrder);
        await client.DeployAsync(workflow);
        return client;
    }

    [Fact]
    public async Task Agent_ContractWorkflow_CallsTheWorkflowToolAndAnswers()
    {
        using var model = new FakeModelServer((turn, request) => turn switch
        {
            1 => FakeModelServer.ToolCalls(1, ("lookup_order", """{"order_id":"A-17"}""")),
            _ => FakeModelServer.Answer($"Order A-17 is {JsonNode.Parse(FakeModelServer.ToolResults(request)[0])!["status"]}."),
        });
        using var client = await SetUpAsync(model);
        var run = await client.RunAsync("support_agent", """{"question":"Where is order A-17?"}""");
        Assert.Equal("succeeded", run.Status());
        Assert.Equal("Order A-17 is shipped.", run["output"]!["answer"]!.GetValue<string>());

        // The model was offered lookup_order with its params as the JSON schema, and sent the bearer key.
        var first = JsonNode.Parse(model.Requests[0].Body)!;
        var tool = first["tools"]![0]!["function"]!;
        Assert.Equal("lookup_order", tool["name"]!.GetValue<string>());
        Assert.Equal("Looks an order up by its id.", tool["description"]!.GetValue<string>());
        Assert.Equal("string", tool["parameters"]!["properties"]!["order_id"]!["type"]!.GetValue<string>());
        Assert.Equal("order_id", tool["parameters"]!["required"]![0]!.GetValue<string>());
        Assert.Equal($"Bearer {SecretKey}", model.Requests[0].Headers["Authorization"]);

        var detail = await client.GetRunAsync(run.Id());
        var output = detail.Step("answer")!["output"]!;
        Assert.Equal(2, output["turns"]!.GetValue<int>());
        Assert.Equal(1, output["tool_calls"]!.GetValue<int>());
        Assert.Equal(240, output["usage"]!["total_tokens"]!.GetValue<int>());
        Assert.NotNull(detail.Step("answer#turn-1"));
        Assert.Equal("A-17", detail.Step("answer#tool-1-1")!["output"]!["order_id"]!.GetValue<string>());
        Assert.DoesNotContain(SecretKey, detail.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Agent_TwoToolsOverSeveralTurns_ReachesTheAnswerWithEveryResult()
    {
        using var model = new FakeModelServer((turn, request) => turn switch
        {
            1 => FakeModelServer.ToolCalls(1, ("lookup_order", """{"order_id":"A-1"}"""), ("lookup_order", """{"order_id":"B-2"}""")),
            2 => FakeModelServer.ToolCalls(2, ("note", """{"message":"customer asked about two orders"}""")),
            _ => FakeModelServer.Answer(string.Join(" | ", FakeModelServer.ToolResults(request))),
        });
        using var client = await SetUpAsync(model, SupportAgent
            .Replace("support_agent", "two_tools", StringComparison.Ordinal)
            .Replace("tools: [ { workflow: lookup_order } ]", "tools: [ { workflow: lookup_order }, { action: log, name: note, description: Write a note to the run's log, with: { level: info } } ]", StringComparison.Ordinal));
        var run = await client.RunAsync("two_tools", """{"question":"A-1 and B-2?"}""");
        Assert.Equal("succeeded", run.Status());
        var answer = run["output"]!["answer"]!.GetValue<string>();
        Assert.Contains("A-1", answer, StringComparison.Ordinal);
        Assert.Contains("B-2", answer, StringComparison.Ordinal);
        Assert.Equal(3, model.Calls);

        // The action tool's schema leaves out what the workflow fixed (level).
        var note = JsonNode.Parse(model.Requests[0].Body)!["tools"]![1]!["function"]!;
        Assert.Equal("note", note["name"]!.GetValue<string>());
        Assert.Null(note["parameters"]!["properties"]!["level"]);
        var logs = await (await client.GetAsync($"/api/v1/executions/{run.Id()}/logs")).ReadObjectAsync();
        Assert.Contains("customer asked about two orders", logs.ToJsonString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("unauthorized", "AGENT_UNAUTHORIZED", "refused the API key (401 Unauthorized)")]
    [InlineData("unknown_tool_fail", "AGENT_UNKNOWN_TOOL", "unknown tool 'delete_everything'")]
    [InlineData("tool_failed", "AGENT_TOOL_FAILED", "tool 'lookup_order' failed")]
    [InlineData("iterations", "AGENT_ITERATION_LIMIT", "reached max_iterations (2) without a final answer")]
    [InlineData("budget", "AGENT_BUDGET_EXCEEDED", "over its token_budget of 150")]
    [InlineData("schema", "AGENT_OUTPUT_INVALID", "does not match output_schema")]
    [InlineData("not_deployed", "AGENT_UNKNOWN_TOOL", "workflow 'no_such_flow'")]
    public async Task Agent_Error_FailsTheStepWithItsCodeAndMessage(string scenario, string code, string message)
    {
        using var model = new FakeModelServer((turn, _) => scenario switch
        {
            "unauthorized" => FakeModelServer.Error(401, "Incorrect API key provided"),
            "unknown_tool_fail" => FakeModelServer.ToolCalls(turn, ("delete_everything", "{}")),
            "tool_failed" => FakeModelServer.ToolCalls(turn, ("lookup_order", """{"order_id": 5}""")),
            "iterations" => FakeModelServer.ToolCalls(turn, ("lookup_order", """{"order_id":"X"}""")),
            "budget" => turn == 1 ? FakeModelServer.ToolCalls(1, ("lookup_order", """{"order_id":"X"}""")) : FakeModelServer.Answer("done"),
            "schema" => FakeModelServer.Answer("""{"answer": 42}"""),
            _ => FakeModelServer.Answer("never asked"),
        });
        var options = scenario switch
        {
            "unknown_tool_fail" or "tool_failed" => "      on_tool_error: fail\n",
            "iterations" => string.Empty,
            "budget" => "      token_budget: 150\n",
            "schema" => "      output_schema: { type: object, required: [answer], properties: { answer: { type: string } } }\n",
            _ => string.Empty,
        };
        var workflow = SupportAgent.Replace("support_agent", "agent_" + scenario, StringComparison.Ordinal)
            .Replace("max_iterations: 5\n", (scenario == "iterations" ? "max_iterations: 2\n" : "max_iterations: 5\n") + options, StringComparison.Ordinal);
        if (scenario == "not_deployed")
        {
            workflow = workflow.Replace("{ workflow: lookup_order }", "{ workflow: no_such_flow }", StringComparison.Ordinal);
        }

        using var client = await SetUpAsync(model, workflow);
        var run = await client.RunAsync("agent_" + scenario, """{"question":"?"}""");
        Assert.Equal("failed", run.Status());
        var step = (await client.GetRunAsync(run.Id())).Step("answer")!;
        var error = step["error"]!.GetValue<string>();
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.DoesNotContain(SecretKey, error, StringComparison.Ordinal);
        var logs = await (await client.GetAsync($"/api/v1/executions/{run.Id()}/logs")).Content.ReadAsStringAsync();
        Assert.DoesNotContain(SecretKey, logs, StringComparison.Ordinal);
        Assert.StartsWith("AGENT_", code, StringComparison.Ordinal);
        if (scenario == "not_deployed")
        {
            Assert.Equal(0, model.Calls);
        }
    }

    [Fact]
    public async Task Agent_ToolFailureByDefault_IsGivenBackToTheModel()
    {
        using var model = new FakeModelServer((turn, request) => turn == 1
            ? FakeModelServer.ToolCalls(1, ("lookup_order", "{}"))
            : FakeModelServer.Answer("The tool said: " + FakeModelServer.ToolResults(request)[0]));
        using var client = await SetUpAsync(model);
        var run = await client.RunAsync("support_agent", """{"question":"?"}""");
        Assert.Equal("succeeded", run.Status());
        Assert.Contains("order_id", run["output"]!["answer"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("error", run["output"]!["answer"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Agent_EndpointUnreachable_FailsWithTheAddress()
    {
        using var model = new FakeModelServer((_, _) => FakeModelServer.Answer("unused"));
        using var client = await SetUpAsync(model);
        var port = LocalHttpServer.FreePort();
        (await client.PutAsync("/api/v1/config/llm_base_url", Api.Json($$"""{"value":"http://127.0.0.1:{{port}}/v1"}"""))).EnsureSuccessStatusCode();
        var run = await client.RunAsync("support_agent", """{"question":"?"}""");
        Assert.Equal("failed", run.Status());
        var error = (await client.GetRunAsync(run.Id())).Step("answer")!["error"]!.GetValue<string>();
        Assert.Contains($"cannot reach the model endpoint http://127.0.0.1:{port}/v1", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Agent_StructuredOutput_ParsesTheAnswer()
    {
        using var model = new FakeModelServer((_, _) => FakeModelServer.Answer("""{"answer": "yes", "confidence": 0.9}"""));
        using var client = await SetUpAsync(model, SupportAgent.Replace("max_iterations: 5\n",
            "max_iterations: 5\n      output_schema: { type: object, required: [answer], properties: { answer: { type: string } } }\n", StringComparison.Ordinal));
        var run = await client.RunAsync("support_agent", """{"question":"?"}""");
        Assert.Equal("succeeded", run.Status());
        var output = (await client.GetRunAsync(run.Id())).Step("answer")!["output"]!;
        Assert.Equal("yes", output["output"]!["answer"]!.GetValue<string>());
        Assert.Equal("json_schema", JsonNode.Parse(model.Requests[0].Body)!["response_format"]!["type"]!.GetValue<string>());
    }
}
