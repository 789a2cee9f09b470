using System.Net;
using System.Text;
using Stepwise.Server.Tests.Support;

namespace Stepwise.Server.Tests;

public sealed class RunApiTests : IClassFixture<ServerFactory>
{
    private const string Sleepy = """
        name: sleepy
        nodes:
          - id: nap
            type: delay
            with: { duration: 30s }
        """;

    private readonly ServerFactory factory;

    public RunApiTests(ServerFactory factory) => this.factory = factory;

    private async Task<HttpClient> ClientWithAsync(params string[] examples)
    {
        var client = factory.Client();
        foreach (var example in examples)
        {
            await client.DeployAsync(example.Contains('\n', StringComparison.Ordinal) ? example : RepoPaths.ReadExample(example));
        }

        return client;
    }

    [Fact]
    public async Task Start_WaitForGreet_Returns200WithOutput()
    {
        using var client = await ClientWithAsync("greet.yaml");
        using var response = await client.PostAsync("/api/v1/workflows/greet/executions?wait=30s", Api.Json("""{"name":"Ada","n":21}"""));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var run = await response.ReadObjectAsync();
        Assert.Equal("succeeded", run.Status());
        Assert.Equal(42, run["output"]!["doubled"]!.GetValue<int>());
        Assert.Equal("hello Ada", run["output"]!["greeting"]!.GetValue<string>());
    }

    [Fact]
    public async Task Start_NoWait_Returns202WithIdAndLocation()
    {
        using var client = await ClientWithAsync("greet.yaml");
        using var response = await client.PostAsync("/api/v1/workflows/greet/executions", Api.Json("""{"name":"Bo","n":1}"""));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = await response.ReadObjectAsync();
        Assert.Equal($"/api/v1/executions/{accepted.Id()}", response.Headers.Location?.ToString());
        var finished = await client.WaitForAsync(accepted.Id(), "succeeded");
        Assert.Equal(2, finished["output"]!["doubled"]!.GetValue<int>());
    }

    [Fact]
    public async Task Start_MissingParameter_Returns422NamingIt()
    {
        using var client = await ClientWithAsync("greet.yaml");
        using var response = await client.PostAsync("/api/v1/workflows/greet/executions", Api.Json("""{"name":"Ada"}"""));
        var error = await Envelope.AssertErrorAsync(response, 422, "VALIDATION_ERROR");
        Assert.Equal("Missing required parameter: n", Envelope.Message(error));
    }

    [Fact]
    public async Task Start_UnknownWorkflow_Returns404NamingIt()
    {
        using var client = factory.Client();
        using var response = await client.PostAsync("/api/v1/workflows/my_workflow/executions", Api.Json("{}"));
        var error = await Envelope.AssertErrorAsync(response, 404, "NOT_FOUND");
        Assert.Equal("Workflow 'my_workflow' not found", Envelope.Message(error));
    }

    [Theory]
    [InlineData("application/json", "[1,2]", 422, "VALIDATION_ERROR")]
    [InlineData("application/json", "{\"name\":", 400, "BAD_REQUEST")]
    [InlineData("text/plain", "name=Ada", 415, "UNSUPPORTED_MEDIA_TYPE")]
    [InlineData("application/json", "{\"name\": 5, \"n\": \"x\"}", 422, "VALIDATION_ERROR")]
    public async Task Start_BadBody_Returns4xxEnvelope(string contentType, string body, int status, string code)
    {
        using var client = await ClientWithAsync("greet.yaml");
        using var content = new StringContent(body, Encoding.UTF8, contentType);
        using var response = await client.PostAsync("/api/v1/workflows/greet/executions", content);
        await Envelope.AssertErrorAsync(response, status, code);
    }

    [Fact]
    public async Task Start_DeeplyNestedJson_Returns400()
    {
        using var client = await ClientWithAsync("greet.yaml");
        var body = new string('[', 100) + new string(']', 100);
        using var response = await client.PostAsync("/api/v1/workflows/greet/executions", Api.Json("{\"name\":" + body + "}"));
        var error = await Envelope.AssertErrorAsync(response, 400, "BAD_REQUEST");
        Assert.Equal("Malformed JSON: nested deeper than 64 levels", Envelope.Message(error));
    }

    [Fact]
    public async Task Get_FinishedRun_ShowsStepsAttemptsTimingsAndLogs()
    {
        using var client = await ClientWithAsync("saga.yaml");
        var run = await client.RunAsync("saga");
        var detail = await client.GetRunAsync(run.Id());
        Assert.Equal("compensated", detail.Status());
        Assert.Equal("node 'charge' failed: card declined", detail["error"]!.GetValue<string>());
        var charge = detail.Step("charge")!;
        Assert.Equal("failed", charge["status"]!.GetValue<string>());
        Assert.Equal(1, charge["attempts"]!.GetValue<int>());
        Assert.NotNull(charge["started_at"]);
        Assert.Single(charge["attempt_history"]!.AsArray());

        // Compensation runs in reverse completion order.
        var stepIds = detail["steps"]!.AsArray().Select(s => s!["step_id"]!.GetValue<string>()).ToList();
        Assert.True(stepIds.IndexOf("release_stock#compensate") < stepIds.IndexOf("reserve#compensate"), string.Join(",", stepIds));
        var logs = await (await client.GetAsync($"/api/v1/executions/{run.Id()}/logs")).ReadObjectAsync();
        var messages = logs["items"]!.AsArray().Where(l => l!["step_id"] is not null).Select(l => l!["message"]!.GetValue<string>()).ToList();
        Assert.Equal(["reserve seat", "take stock", "undo take stock", "undo reserve seat"], messages);
    }

    [Fact]
    public async Task Run_WorkflowEditedWhileRunning_StaysPinnedToItsVersion()
    {
        const string v1 = """
            name: pinned
            nodes:
              - id: wait
                type: delay
                with: { duration: 1s }
              - id: say
                type: transform
                with: { version: one }
            output: ${{ nodes.say.output.version }}
            """;
        using var client = await ClientWithAsync(v1);
        var started = await client.StartAsync("pinned");
        await client.DeployAsync(v1.Replace("version: one", "version: two", StringComparison.Ordinal));

        var finished = await client.WaitForAsync(started.Id(), "succeeded", "failed");
        Assert.Equal(("one", 1), (finished["output"]!.GetValue<string>(), finished["version"]!.GetValue<int>()));
        var next = await client.RunAsync("pinned");
        Assert.Equal(("two", 2), (next["output"]!.GetValue<string>(), next["version"]!.GetValue<int>()));
    }

    [Fact]
    public async Task Cancel_RunningDelay_EndsCancelledAndSecondCancelConflicts()
    {
        using var client = await ClientWithAsync(Sleepy);
        var started = await client.StartAsync("sleepy");
        await client.WaitForAsync(started.Id(), "running");
        using var response = await client.PostAsync($"/api/v1/executions/{started.Id()}/cancel", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("cancelled", (await response.ReadObjectAsync()).Status());
        using var again = await client.PostAsync($"/api/v1/executions/{started.Id()}/cancel", null);
        await Envelope.AssertErrorAsync(again, 409, "CONFLICT");
    }

    [Fact]
    public async Task Retry_FailedRun_ResumesFromFailedStepKeepingCompletedOutputs()
    {
        using var remote = new LocalHttpServer((path, count) => count == 1 ? (500, "{}") : (200, "{\"ok\":true}"));
        using var client = await ClientWithAsync(Flaky);
        var failed = await client.RunAsync("flaky", $$"""{"url":"{{remote.Url("flaky")}}"}""");
        Assert.Equal("failed", failed.Status());
        var before = await client.GetRunAsync(failed.Id());
        var token = before.Step("first")!["output"]!["token"]!.GetValue<string>();

        using var retry = await client.PostAsync($"/api/v1/executions/{failed.Id()}/retry?wait=30s", null);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        var after = await client.GetRunAsync(failed.Id());
        Assert.Equal("succeeded", after.Status());
        Assert.Equal(token, after["output"]!["token"]!.GetValue<string>());
        Assert.Equal(1, after.Step("first")!["attempts"]!.GetValue<int>());
        Assert.Equal(2, after.Step("call")!["attempts"]!.GetValue<int>());
        Assert.Equal(2, remote.Hits("flaky"));
    }

    [Fact]
    public async Task Retry_FromChosenNode_RerunsItAndDownstreamOnly()
    {
        using var remote = new LocalHttpServer((_, _) => (200, "{\"ok\":true}"));
        using var client = await ClientWithAsync(Flaky);
        var run = await client.RunAsync("flaky", $$"""{"url":"{{remote.Url("steady")}}"}""");
        Assert.True(run.Status() == "succeeded", (await client.GetRunAsync(run.Id())).ToJsonString());
        var token = run["output"]!["token"]!.GetValue<string>();

        using var fromCall = await client.PostAsync($"/api/v1/executions/{run.Id()}/retry?from=call&wait=30s", null);
        Assert.Equal(HttpStatusCode.OK, fromCall.StatusCode);
        var afterCall = await client.GetRunAsync(run.Id());
        Assert.Equal(token, afterCall["output"]!["token"]!.GetValue<string>());
        Assert.Equal(2, remote.Hits("steady"));
        Assert.Equal(1, afterCall.Step("first")!["attempts"]!.GetValue<int>());

        using var fromFirst = await client.PostAsync($"/api/v1/executions/{run.Id()}/retry?from=first&wait=30s", null);
        Assert.Equal(HttpStatusCode.OK, fromFirst.StatusCode);
        var afterFirst = await client.GetRunAsync(run.Id());
        Assert.Equal("succeeded", afterFirst.Status());
        Assert.NotEqual(token, afterFirst["output"]!["token"]!.GetValue<string>());
        Assert.Equal(3, remote.Hits("steady"));
    }

    [Fact]
    public async Task Retry_BadRequests_AreRefusedWithReasons()
    {
        using var remote = new LocalHttpServer((_, _) => (200, "{}"));
        using var client = await ClientWithAsync(Flaky, Sleepy);
        var run = await client.RunAsync("flaky", $$"""{"url":"{{remote.Url("x")}}"}""");
        using (var nothing = await client.PostAsync($"/api/v1/executions/{run.Id()}/retry", null))
        {
            await Envelope.AssertErrorAsync(nothing, 409, "CONFLICT");
        }

        using (var unknownNode = await client.PostAsync($"/api/v1/executions/{run.Id()}/retry?from=nowhere", null))
        {
            var error = await Envelope.AssertErrorAsync(unknownNode, 422, "VALIDATION_ERROR");
            Assert.Equal("Node 'nowhere' not found in workflow 'flaky'", Envelope.Message(error));
        }

        var sleeping = await client.StartAsync("sleepy");
        using (var busy = await client.PostAsync($"/api/v1/executions/{sleeping.Id()}/retry", null))
        {
            await Envelope.AssertErrorAsync(busy, 409, "CONFLICT");
        }

        using var cancel = await client.PostAsync($"/api/v1/executions/{sleeping.Id()}/cancel", null);
        Assert.True(cancel.IsSuccessStatusCode);
    }

    [Fact]
    public async Task Compensate_FailedRunWithoutAutoCompensation_UndoesCompletedStepsInReverse()
    {
        const string undoable = """
            name: undoable
            nodes:
              - id: book
                type: log
                with: { message: book }
                compensate: { type: log, with: { message: undo book } }
              - id: pay
                type: log
                with: { message: pay }
                compensate: { type: log, with: { message: undo pay } }
              - id: ship
                type: fail
                with: { message: no stock, code: NO_STOCK }
            """;
        using var client = await ClientWithAsync(undoable);
        var failed = await client.RunAsync("undoable");
        Assert.Equal("failed", failed.Status());

        using var response = await client.PostAsync($"/api/v1/executions/{failed.Id()}/compensate?wait=30s", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var compensated = await response.ReadObjectAsync();
        Assert.Equal("compensated", compensated.Status());
        Assert.Equal("node 'ship' failed: no stock", compensated["error"]!.GetValue<string>());
        var logs = await (await client.GetAsync($"/api/v1/executions/{failed.Id()}/logs")).ReadObjectAsync();
        Assert.Equal(
            ["book", "pay", "undo pay", "undo book"],
            logs["items"]!.AsArray().Where(l => l!["step_id"] is not null).Select(l => l!["message"]!.GetValue<string>()));

        using var again = await client.PostAsync($"/api/v1/executions/{failed.Id()}/compensate", null);
        await Envelope.AssertErrorAsync(again, 409, "CONFLICT");
    }

    [Fact]
    public async Task List_FiltersAndCursor_PageNewestFirst()
    {
        await factory.CreateOrgAsync("lister");
        using var client = factory.Client(org: "lister");
        await client.DeployAsync(RepoPaths.ReadExample("greet.yaml"));
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await client.RunAsync("greet", $$"""{"name":"n{{i}}","n":{{i}}}""")).Id());
        }

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await (await client.GetAsync(
                "/api/v1/executions?limit=2&workflow=greet&status=succeeded" + (cursor is null ? string.Empty : $"&cursor={cursor}"))).ReadObjectAsync();
            seen.AddRange(page["items"]!.AsArray().Select(item => item!["id"]!.GetValue<string>()));
            cursor = page["next_cursor"]?.GetValue<string>();
        }
        while (cursor is not null);

        ids.Reverse();
        Assert.Equal(ids, seen);
        var none = await (await client.GetAsync("/api/v1/executions?status=failed&since=1h")).ReadObjectAsync();
        Assert.Empty(none["items"]!.AsArray());
    }

    [Fact]
    public async Task Get_CorruptStoredRun_Returns500WithoutStackOrPath()
    {
        using var client = await ClientWithAsync("greet.yaml");
        var run = await client.RunAsync("greet", """{"name":"Ada","n":1}""");
        var path = Path.Combine(factory.DataFolder, "stepwise.db");
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=false"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "UPDATE executions SET params = 'not json' WHERE id = $id";
            command.Parameters.AddWithValue("$id", run.Id());
            await command.ExecuteNonQueryAsync();
        }

        using var response = await client.GetAsync($"/api/v1/executions/{run.Id()}");
        var body = await response.Content.ReadAsStringAsync();
        var error = await Envelope.AssertErrorAsync(response, 500, "INTERNAL_ERROR");
        Assert.Equal("Internal server error", Envelope.Message(error));
        Assert.DoesNotContain(factory.DataFolder, body, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", body, StringComparison.Ordinal);
    }

    private const string Flaky = """
        name: flaky
        params:
          - { name: url, type: string, required: true }
        nodes:
          - id: first
            type: transform
            with: { token: "${{ uuid() }}" }
          - id: call
            type: http
            with: { method: GET, url: "${{ params.url }}" }
          - id: last
            type: transform
            with:
              token: ${{ nodes.first.output.token }}
              status: ${{ nodes.call.output.status }}
        output: ${{ nodes.last.output }}
        """;
}
