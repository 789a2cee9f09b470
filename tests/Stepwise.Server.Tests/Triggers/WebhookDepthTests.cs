using System.Net;
using System.Text.Json.Nodes;
using Stepwise.Server.Tests.Support;

namespace Stepwise.Server.Tests.Triggers;

/// <summary>
/// Found by the webhook fuzzer (issue 21): a body nested as deep as a request may be (64 levels) is one level deeper
/// inside the run's trigger and more inside an API answer. What was accepted must be stored, read back and shown.
/// </summary>
public sealed class WebhookDepthTests(ServerFactory factory) : IClassFixture<ServerFactory>
{
    [Fact]
    public async Task Post_BodyAtTheDepthLimit_RunSucceedsAndItsRecordReadsBack()
    {
        using var client = factory.Client();
        await client.DeployAsync("""
            name: deep_hook
            triggers: [{ type: webhook, path: deep }]
            nodes: [{ id: echo, type: transform, with: { body: "${{ trigger.body }}" } }]
            """);
        var body = "{\"a\":" + new string('[', 63) + new string(']', 63) + "}";
        using var anonymous = factory.CreateClient();

        using var response = await anonymous.PostAsync("/hooks/default/deep", Api.Json(body));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var id = (await response.ReadObjectAsync()).Id();
        var run = await client.WaitForAsync(id, "succeeded", "failed");
        Assert.Equal("succeeded", run.Status());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(body), run["trigger"]?["body"]), run.ToJsonString());

        // One level deeper than any request may be is refused, as before.
        using var tooDeep = await anonymous.PostAsync("/hooks/default/deep", Api.Json("{\"a\":" + new string('[', 64) + new string(']', 64) + "}"));
        Assert.Equal(HttpStatusCode.BadRequest, tooDeep.StatusCode);
    }
}
