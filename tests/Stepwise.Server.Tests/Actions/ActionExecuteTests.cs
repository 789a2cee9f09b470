using System.Net;
using System.Text.Json.Nodes;
using Stepwise.Server.Tests.Support;

namespace Stepwise.Server.Tests.Actions;

public sealed class ActionExecuteTests : IClassFixture<ServerFactory>
{
    private readonly ServerFactory factory;

    public ActionExecuteTests(ServerFactory factory) => this.factory = factory;

    [Fact]
    public async Task Execute_HttpWithSecretAndInputData_CallsTheServerAndAnswersOutputAndDuration()
    {
        using var remote = new LocalHttpServer(request => (200, $$"""{"ticket":"{{request.Path}}","auth":"{{request.Headers["Authorization"]}}"}"""));
        using var client = factory.Client();
        (await client.PutAsync("/api/v1/secrets/halo_token", Api.Json("""{"value":"tok_live_987654321"}"""))).EnsureSuccessStatusCode();
        var body = new JsonObject
        {
            ["action_type"] = "http",
            ["config"] = new JsonObject
            {
                ["method"] = "GET",
                ["url"] = remote.Url("/tickets/") + "${{ params.ticket_id }}",
                ["headers"] = new JsonObject { ["Authorization"] = "Bearer ${{ secrets.halo_token }}" },
            },
            ["input_data"] = new JsonObject { ["ticket_id"] = 42 },
        };

        using var response = await client.PostAsync("/api/v1/actions/execute", Api.Json(body.ToJsonString()));

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        var result = JsonNode.Parse(text)!;
        Assert.Equal(("http", "succeeded"), (result["action_type"]!.GetValue<string>(), result["status"]!.GetValue<string>()));
        Assert.Equal(200, result["output"]!["status"]!.GetValue<int>());
        Assert.Equal("/tickets/42", result["output"]!["body"]!["ticket"]!.GetValue<string>());
        Assert.True(result["duration_ms"]!.GetValue<long>() >= 0);
        Assert.Null(result["error"]);
        Assert.Equal("Bearer tok_live_987654321", remote.To("/tickets/42").Single().Headers["Authorization"]);
        Assert.DoesNotContain("tok_live_987654321", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Execute_TransformWithConfigDefault_AnswersItsOutputAndIsAudited()
    {
        using var client = factory.Client();
        var body = """
            {"action_type": "transform",
             "config": {"total": "${{ params.a + params.b }}", "region": "${{ config.try_region ?? 'eu' }}"},
             "input_data": {"a": 2, "b": 3}}
            """;

        using var response = await client.PostAsync("/api/v1/actions/execute", Api.Json(body));

        var result = await response.ReadObjectAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"total":5,"region":"eu"}"""), result["output"]), result.ToJsonString());
        var audit = await (await client.GetAsync("/api/v1/audit?action=action.execute")).ReadObjectAsync();
        Assert.Contains(audit["items"]!.AsArray(), entry => entry!["resource_id"]?.GetValue<string>() == "transform");
    }

    [Fact]
    public async Task Execute_FailingActionWithASecretInItsError_AnswersFailedWithTheSecretMasked()
    {
        using var client = factory.Client();
        (await client.PutAsync("/api/v1/secrets/try_card_key", Api.Json("""{"value":"sk_try_5555444433332222"}"""))).EnsureSuccessStatusCode();
        var body = """{"action_type": "fail", "config": {"message": "${{ 'refused key ' + secrets.try_card_key }}"}}""";

        using var response = await client.PostAsync("/api/v1/actions/execute", Api.Json(body));

        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = JsonNode.Parse(text)!;
        Assert.Equal("failed", result["status"]!.GetValue<string>());
        Assert.Equal("refused key ***", result["error"]!.GetValue<string>());
        Assert.DoesNotContain("sk_try_5555444433332222", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"config": {}}""", "Missing required field: action_type")]
    [InlineData("""{"action_type": "htp"}""", "Unknown action type 'htp'; did you mean 'http'?")]
    [InlineData("""{"action_type": "delay", "config": {"duration": "1h"}}""", "Action 'delay' runs other nodes or waits on a durable timer, so it cannot be tried alone")]
    [InlineData("""{"action_type": "http", "config": []}""", "Field 'config' must be an object, not array")]
    [InlineData("""{"action_type": "http", "config": {"method": "GET"}}""", "Node 0 (action): ")]
    [InlineData("""{"action_type": "transform", "inputs": {}}""", "Unknown field 'inputs'; the body has action_type, config and input_data")]
    public async Task Execute_BadRequest_Answers422NamingTheProblem(string body, string message)
    {
        using var client = factory.Client();

        using var response = await client.PostAsync("/api/v1/actions/execute", Api.Json(body));

        var error = await Envelope.AssertErrorAsync(response, 422, "VALIDATION_ERROR");
        Assert.Contains(error["details"]!["errors"]!.AsArray(), e => e!.GetValue<string>().StartsWith(message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Execute_NothingIsStoredAsARun()
    {
        using var client = factory.Client();
        var before = (await (await client.GetAsync("/api/v1/executions?limit=200")).ReadObjectAsync())["items"]!.AsArray().Count;

        using var response = await client.PostAsync("/api/v1/actions/execute", Api.Json("""{"action_type": "log", "config": {"message": "hello"}}"""));

        var result = await response.ReadObjectAsync();
        Assert.Equal("succeeded", result["status"]!.GetValue<string>());
        Assert.Contains(result["logs"]!.AsArray(), line => line!["message"]!.GetValue<string>() == "hello");
        Assert.Equal(before, (await (await client.GetAsync("/api/v1/executions?limit=200")).ReadObjectAsync())["items"]!.AsArray().Count);
    }
}
