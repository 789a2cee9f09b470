using System.Text.Json.Nodes;
using Stepwise.EndToEnd.Support;

namespace Stepwise.EndToEnd.Agents;

/// <summary>
/// The real <c>stepwise serve</c> killed with SIGKILL while an agent waits for its third model call: the restarted
/// server resumes the run from its records, so turns 1 and 2 and their tool runs are not paid for or run again.
/// </summary>
public sealed class DurableAgentTests
{
    private const string LookupOrder = """
        name: lookup_order
        params: [ { name: order_id, type: string, required: true } ]
        nodes:
          - { id: find, type: transform, with: { order_id: "${{ params.order_id }}", status: shipped } }
        output: "${{ nodes.find.output }}"
        """;

    private const string SupportAgent = """
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

    [Fact]
    public async Task Agent_KilledMidConversation_ResumesWithoutCallingTheModelForRecordedTurns()
    {
        using var thirdTurnReached = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        using var model = new FakeModelServer((turn, request) =>
        {
            switch (turn)
            {
                case 1:
                    return FakeModelServer.ToolCalls(1, ("lookup_order", """{"order_id":"A-1"}"""));
                case 2:
                    return FakeModelServer.ToolCalls(2, ("lookup_order", """{"order_id":"B-2"}"""));
                default:
                    if (!thirdTurnReached.IsSet)
                    {
                        // The first process dies while waiting for this answer.
                        thirdTurnReached.Set();
                        release.Wait(TimeSpan.FromSeconds(60));
                        return FakeModelServer.Error(503, "gone");
                    }

                    return FakeModelServer.Answer($"{FakeModelServer.ToolResults(request).Count} orders looked up");
            }
        });
        using var folder = new TempFolder();
        await using var server = await ServerInstance.StartAsync(folder.Path);
        using (var client = server.Client())
        {
            (await client.PutAsync("/api/v1/config/llm_base_url", Api.Json($$"""{"value":"{{model.BaseUrl}}"}"""))).EnsureSuccessStatusCode();
            (await client.PutAsync("/api/v1/secrets/llm_key", Api.Json("""{"value":"sk-e2e-key"}"""))).EnsureSuccessStatusCode();
            await client.DeployAsync(LookupOrder);
            await client.DeployAsync(SupportAgent);
            var id = (await client.StartAsync("support_agent", """{"question":"A-1 and B-2?"}"""))["id"]!.GetValue<string>();
            Assert.True(thirdTurnReached.Wait(TimeSpan.FromSeconds(60)), "the agent never reached its third turn");
            server.Process.KillHard();
            release.Set();

            await server.RestartAsync();
            using var after = server.Client();
            var run = await after.WaitForAsync(id, TimeSpan.FromSeconds(60), "succeeded", "failed");
            Assert.Equal("succeeded", run.Status());
            Assert.Equal("2 orders looked up", run["output"]!["answer"]!.GetValue<string>());
            Assert.Equal(1, model.CallsOf(1));
            Assert.Equal(1, model.CallsOf(2));
            Assert.Equal(2, model.CallsOf(3));

            // The two tool runs (child workflows) ran once each.
            var children = await (await after.GetAsync("/api/v1/executions?workflow=lookup_order")).ReadObjectAsync();
            Assert.Equal(2, children["items"]!.AsArray().Count);
        }
    }
}
