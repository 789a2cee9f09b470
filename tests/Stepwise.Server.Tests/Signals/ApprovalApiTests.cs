using System.Net;
using System.Text.Json.Nodes;
using Stepwise.Server.Tests.Support;

namespace Stepwise.Server.Tests.Signals;

/// <summary>The approval action through the API: waiting runs are listed, a signal resumes them, timeouts decide.</summary>
public sealed class ApprovalApiTests : IDisposable
{
    // The workflow of the contract, as written.
    public const string Refund = """
        name: refund
        params: [ { name: amount, type: int, required: true } ]
        nodes:
          - { id: approve, type: approval, with: { timeout: 1h, default: rejected } }
          - { id: pay, type: transform, when: "${{ nodes.approve.output.approved }}", with: { paid: "${{ params.amount }}" } }
        output: { approved: "${{ nodes.approve.output.approved }}" }
        """;

    private const string QuickRefund = """
        name: quick_refund
        params: [ { name: amount, type: int, required: true } ]
        nodes:
          - { id: approve, type: approval, with: { timeout: 1s, default: approved, message: "Refund ${{ params.amount }}?" } }
        output:
          approved: "${{ nodes.approve.output.approved }}"
          timed_out: "${{ nodes.approve.output.timed_out }}"
        """;

    private readonly ServerFactory server = new();

    public void Dispose() => server.Dispose();

    [Fact]
    public async Task Signal_ApproveWithComment_ResumesTheRunWithTheDecision()
    {
        using var client = server.Client();
        await client.DeployAsync(Refund);
        var run = await client.StartAsync("refund", """{"amount": 42}""");
        var id = run["id"]!.GetValue<string>();
        var wait = await WaitingAsync(client, id, "approve");
        Assert.Equal("refund", wait["workflow"]!.GetValue<string>());
        Assert.Equal("approval", wait["kind"]!.GetValue<string>());
        Assert.NotNull(wait["due_at"]);
        Assert.Equal("running", (await client.GetRunAsync(id)).Status());

        using var sent = await client.PostAsync(
            $"/api/v1/executions/{id}/signals/approve", Api.Json("""{"approved": true, "comment": "ok"}"""));
        Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
        Assert.Equal("received", (await sent.ReadObjectAsync())["wait"]!["status"]!.GetValue<string>());

        var done = await client.WaitForAsync(id, "succeeded", "failed");
        Assert.Equal("succeeded", done.Status());
        Assert.True(done["output"]!["approved"]!.GetValue<bool>());
        var approval = done.Step("approve")!["output"]!;
        Assert.Equal("ok", approval["comment"]!.GetValue<string>());
        Assert.StartsWith("key:", approval["by"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(42, done.Step("pay")!["output"]!["paid"]!.GetValue<int>());
        Assert.Empty((await (await client.GetAsync("/api/v1/signals")).ReadObjectAsync())["items"]!.AsArray());
    }

    [Fact]
    public async Task Signal_Reject_SkipsTheGuardedNode()
    {
        using var client = server.Client();
        await client.DeployAsync(Refund);
        var id = (await client.StartAsync("refund", """{"amount": 5}"""))["id"]!.GetValue<string>();
        await WaitingAsync(client, id, "approve");
        using var sent = await client.PostAsync($"/api/v1/executions/{id}/signals/approve", Api.Json("""{"approved": false}"""));
        Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
        var done = await client.WaitForAsync(id, "succeeded", "failed");
        Assert.False(done["output"]!["approved"]!.GetValue<bool>());
        Assert.Equal("skipped", done.Step("pay")!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Approval_Timeout_EndsWithTheDefaultOutcome()
    {
        using var client = server.Client();
        await client.DeployAsync(QuickRefund);
        var id = (await client.StartAsync("quick_refund", """{"amount": 7}"""))["id"]!.GetValue<string>();
        var done = await client.WaitForAsync(id, "succeeded", "failed");
        Assert.Equal("succeeded", done.Status());
        Assert.True(done["output"]!["approved"]!.GetValue<bool>());
        Assert.True(done["output"]!["timed_out"]!.GetValue<bool>());

        using var late = await client.PostAsync($"/api/v1/executions/{id}/signals/approve", Api.Json("""{"approved": false}"""));
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        Assert.Contains("timed out", (await late.ReadObjectAsync())["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Signal_BadRequests_AnswerWithClearErrors()
    {
        using var client = server.Client();
        await client.DeployAsync(Refund);
        var id = (await client.StartAsync("refund", """{"amount": 1}"""))["id"]!.GetValue<string>();
        await WaitingAsync(client, id, "approve");

        using var noDecision = await client.PostAsync($"/api/v1/executions/{id}/signals/approve", Api.Json("""{"comment": 3}"""));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noDecision.StatusCode);
        var message = (await noDecision.ReadObjectAsync())["error"]!.ToJsonString();
        Assert.Contains("approved: required, true or false", message, StringComparison.Ordinal);
        Assert.Contains("comment: must be a string", message, StringComparison.Ordinal);

        using var otherName = await client.PostAsync($"/api/v1/executions/{id}/signals/pay", Api.Json("""{"approved": true}"""));
        Assert.Equal(HttpStatusCode.Conflict, otherName.StatusCode);
        Assert.Contains("is not waiting for signal 'pay'", await otherName.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var badName = await client.PostAsync($"/api/v1/executions/{id}/signals/Bad-Name", Api.Json("{}"));
        Assert.Equal(HttpStatusCode.BadRequest, badName.StatusCode);

        using var unknownRun = await client.PostAsync(
            $"/api/v1/executions/{Guid.NewGuid()}/signals/approve", Api.Json("""{"approved": true}"""));
        Assert.Equal(HttpStatusCode.NotFound, unknownRun.StatusCode);

        await server.CreateOrgAsync("other");
        using var otherOrg = server.Client(await server.CreateKeyAsync("other", Core.Storage.ApiKeyRole.Operator));
        using var foreign = await otherOrg.PostAsync($"/api/v1/executions/{id}/signals/approve", Api.Json("""{"approved": true}"""));
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.Empty((await (await otherOrg.GetAsync("/api/v1/signals")).ReadObjectAsync())["items"]!.AsArray());

        using var first = await client.PostAsync($"/api/v1/executions/{id}/signals/approve", Api.Json("""{"approved": true}"""));
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        using var second = await client.PostAsync($"/api/v1/executions/{id}/signals/approve", Api.Json("""{"approved": false}"""));
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Contains("answered already", await second.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var badStatus = await client.GetAsync("/api/v1/signals?status=maybe");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, badStatus.StatusCode);
    }

    [Fact]
    public async Task SignedLink_WorksOnceAndOnlyForItsRunAndDecision()
    {
        using var client = server.Client();
        await client.DeployAsync(Refund);
        var first = (await client.StartAsync("refund", """{"amount": 10}"""))["id"]!.GetValue<string>();
        var second = (await client.StartAsync("refund", """{"amount": 20}"""))["id"]!.GetValue<string>();
        var approveUrl = (await WaitingAsync(client, first, "approve"))["details"]!["approve_url"]!.GetValue<string>();
        var rejectUrl = (await WaitingAsync(client, first, "approve"))["details"]!["reject_url"]!.GetValue<string>();
        await WaitingAsync(client, second, "approve");
        using var anonymous = server.Client(key: null);

        // Opening the link only shows a form (mail scanners fetch links); the run still waits.
        using (var page = await anonymous.GetAsync(approveUrl))
        {
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Contains("<form method=\"post\"", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal("running", (await client.GetRunAsync(first)).Status());

        // The same token for the other run, or for the other decision, is refused.
        using (var otherRun = await anonymous.PostAsync(approveUrl.Replace(first, second, StringComparison.Ordinal), null))
        {
            Assert.Equal(HttpStatusCode.Forbidden, otherRun.StatusCode);
        }

        var token = approveUrl[(approveUrl.IndexOf("?token=", StringComparison.Ordinal) + 7)..];
        using (var otherDecision = await anonymous.PostAsync(rejectUrl[..rejectUrl.IndexOf('?', StringComparison.Ordinal)] + "?token=" + token, null))
        {
            Assert.Equal(HttpStatusCode.Forbidden, otherDecision.StatusCode);
        }

        using (var used = await anonymous.PostAsync(approveUrl, new FormUrlEncodedContent([new("comment", "fine by me")])))
        {
            Assert.Equal(HttpStatusCode.OK, used.StatusCode);
            Assert.Contains("approved", await used.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var again = await anonymous.PostAsync(rejectUrl, null))
        {
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        }

        var done = await client.WaitForAsync(first, "succeeded", "failed");
        Assert.True(done["output"]!["approved"]!.GetValue<bool>());
        Assert.Equal("link", done.Step("approve")!["output"]!["by"]!.GetValue<string>());
        Assert.Equal("fine by me", done.Step("approve")!["output"]!["comment"]!.GetValue<string>());
        Assert.Equal("running", (await client.GetRunAsync(second)).Status());
    }

    [Fact]
    public async Task Cancel_WaitingRun_EndsCancelledAndTheWaitTakesNoSignal()
    {
        using var client = server.Client();
        await client.DeployAsync(Refund);
        var id = (await client.StartAsync("refund", """{"amount": 3}"""))["id"]!.GetValue<string>();
        await WaitingAsync(client, id, "approve");
        using var cancel = await client.PostAsync($"/api/v1/executions/{id}/cancel", null);
        var cancelBody = await cancel.Content.ReadAsStringAsync();
        Assert.True(cancel.IsSuccessStatusCode, cancelBody);
        Assert.Contains("cancelled", cancelBody, StringComparison.Ordinal);
        Assert.Equal("cancelled", (await client.WaitForAsync(id, "cancelled", "succeeded", "failed")).Status());
        using var late = await client.PostAsync($"/api/v1/executions/{id}/signals/approve", Api.Json("""{"approved": true}"""));
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        Assert.Contains("has finished", await late.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancel_TheMomentARunParks_EndsCancelledEveryTime()
    {
        // The wait is listed before the run has let go of the engine: a cancel then can land while it parks, between
        // its last look at the cancel and its leaving (CI once saw such a run stay waiting, cancel accepted).
        using var client = server.Client();
        await client.DeployAsync(Refund);
        for (var attempt = 0; attempt < 12; attempt++)
        {
            var id = (await client.StartAsync("refund", """{"amount": 3}"""))["id"]!.GetValue<string>();
            await WaitingAsync(client, id, "approve");
            using var cancel = await client.PostAsync($"/api/v1/executions/{id}/cancel", null);
            var body = await cancel.Content.ReadAsStringAsync();
            Assert.True(cancel.StatusCode == HttpStatusCode.OK, $"attempt {attempt}: {(int)cancel.StatusCode} {body}");
            Assert.Equal("cancelled", JsonNode.Parse(body)!["status"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task Approval_Waiting_OtherBranchesKeepRunningAndWaitingTimeDoesNotCountAgainstTheTimeout()
    {
        using var client = server.Client();
        await client.DeployAsync("""
            name: parallel_wait
            timeout: 2s
            nodes:
              - { id: start, type: transform, with: { ok: true } }
              - { id: approve, type: approval, with: { message: "Go on?" } }
              - { id: side, type: delay, with: { duration: 200ms } }
              - { id: after_side, type: transform, with: { done: true } }
              - { id: finish, type: transform, with: { approved: "${{ nodes.approve.output.approved }}" } }
            connections:
              - { from: start, to: approve }
              - { from: start, to: side }
              - { from: side, to: after_side }
              - { from: approve, to: finish }
              - { from: after_side, to: finish }
            output: "${{ nodes.finish.output }}"
            """);
        var id = (await client.StartAsync("parallel_wait"))["id"]!.GetValue<string>();
        var wait = await WaitingAsync(client, id, "approve");
        Assert.Equal("Go on?", wait["details"]!["message"]!.GetValue<string>());
        Assert.Null(wait["due_at"]);

        // The other branch finishes while the approval waits; the run stays running, parked.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while ((await client.GetRunAsync(id)).Step("after_side")?["status"]?.GetValue<string>() != "succeeded")
        {
            await Task.Delay(50, timeout.Token);
        }

        // Longer than the workflow's 2 s timeout passes while waiting: the run does not time out.
        await Task.Delay(TimeSpan.FromSeconds(2.5), timeout.Token);
        Assert.Equal("running", (await client.GetRunAsync(id)).Status());
        using var sent = await client.PostAsync($"/api/v1/executions/{id}/signals/approve", Api.Json("""{"approved": true}"""));
        Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
        var done = await client.WaitForAsync(id, "succeeded", "failed", "timed_out");
        Assert.True(done.Status() == "succeeded", done.ToJsonString());
        Assert.True(done["output"]!["approved"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Validate_ApprovalInsideForeach_IsRefusedWithTheReason()
    {
        using var client = server.Client();
        using var response = await client.PostAsync("/api/v1/workflows", Api.Yaml("""
            name: many
            nodes:
              - id: each
                type: foreach
                with: { items: [1, 2], node: { type: approval, with: { timeout: 1h } } }
            """));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("'approval' can only be a node of the workflow", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>Polls the list of waiting runs until the run's wait shows (30 s at most), and returns it.</summary>
    internal static async Task<JsonObject> WaitingAsync(HttpClient client, string executionId, string signal)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            using var response = await client.GetAsync("/api/v1/signals?status=waiting");
            var body = await response.ReadObjectAsync();
            Assert.True(response.IsSuccessStatusCode, body.ToJsonString());
            if (body["items"]!.AsArray().FirstOrDefault(w =>
                    w!["execution_id"]!.GetValue<string>() == executionId && w["signal"]!.GetValue<string>() == signal) is JsonObject wait)
            {
                return wait;
            }

            await Task.Delay(50, timeout.Token);
        }
    }
}
