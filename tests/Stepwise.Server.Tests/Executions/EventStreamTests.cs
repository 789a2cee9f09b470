using System.Net;
using System.Net.ServerSentEvents;
using System.Text.Json.Nodes;
using Stepwise.Core.Storage;
using Stepwise.Server.Tests.Support;

namespace Stepwise.Server.Tests.Executions;

/// <summary>GET /api/v1/executions/{id}/events and GET /api/v1/executions/events (Server-Sent Events from the store).</summary>
public sealed class EventStreamTests : IClassFixture<ServerFactory>
{
    private const string Slow = """
        name: slow
        nodes:
          - id: first
            type: transform
            with: { a: 1 }
          - id: wait
            type: delay
            with: { duration: 1500ms }
          - id: last
            type: transform
            with: { b: 2 }
        """;

    private readonly ServerFactory factory;

    public EventStreamTests(ServerFactory factory) => this.factory = factory;

    [Fact]
    public async Task RunEvents_RunningRun_SendsEachChangeUntilItSucceeds()
    {
        using var client = factory.Client();
        await client.DeployAsync(Slow);
        var id = (await client.StartAsync("slow"))["id"]!.GetValue<string>();

        var seen = new List<JsonObject>();
        await foreach (var item in ReadAsync(client, $"/api/v1/executions/{id}/events"))
        {
            Assert.Equal("execution", item.EventType);
            var run = JsonNode.Parse(item.Data)!.AsObject();
            seen.Add(run);
            if (run["status"]!.GetValue<string>() == "succeeded")
            {
                break;
            }
        }

        Assert.True(seen.Count >= 2, "expected the run's first state and then its later ones");
        Assert.Equal(id, seen[^1]["id"]!.GetValue<string>());
        Assert.Equal(["first", "wait", "last"], seen[^1]["steps"]!.AsArray().Select(s => s!["step_id"]!.GetValue<string>()));
        Assert.Equal(seen.Count, seen.Select(run => run.ToJsonString()).Distinct().Count());
    }

    [Fact]
    public async Task ListEvents_NewRun_AppearsInTheNextEvent()
    {
        using var client = factory.Client();
        await client.DeployAsync(Slow);
        string? started = null;
        await foreach (var item in ReadAsync(client, "/api/v1/executions/events?workflow=slow&limit=5"))
        {
            Assert.Equal("executions", item.EventType);
            var items = JsonNode.Parse(item.Data)!["items"]!.AsArray();
            if (started is null)
            {
                started = (await client.StartAsync("slow"))["id"]!.GetValue<string>();
                continue;
            }

            if (items.Any(run => run!["id"]!.GetValue<string>() == started))
            {
                return;
            }
        }

        Assert.Fail("the stream ended before the new run appeared");
    }

    [Fact]
    public async Task RunEvents_AnotherOrganizationsRun_Is404()
    {
        await factory.CreateOrgAsync("events-other");
        var otherKey = await factory.CreateKeyAsync("events-other", ApiKeyRole.Viewer);
        using var admin = factory.Client();
        await admin.DeployAsync(Slow);
        var id = (await admin.StartAsync("slow"))["id"]!.GetValue<string>();
        using var other = factory.Client(otherKey);
        using var response = await other.GetAsync($"/api/v1/executions/{id}/events");
        Assert.Equal($"Execution '{id}' not found", Envelope.Message(await Envelope.AssertErrorAsync(response, 404, "NOT_FOUND")));
    }

    [Fact]
    public async Task ListEvents_BadFilter_Is422NamingIt()
    {
        using var client = factory.Client();
        using var response = await client.GetAsync("/api/v1/executions/events?status=sideways");
        Assert.Contains("status", Envelope.Message(await Envelope.AssertErrorAsync(response, 422, "VALIDATION_ERROR")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Events_MoreStreamsThanACallerMayHold_AreRefusedWith429()
    {
        var key = await factory.CreateKeyAsync("default", ApiKeyRole.Viewer);
        using var client = factory.Client(key);
        var open = new List<HttpResponseMessage>();
        try
        {
            for (var i = 0; i < 8; i++)
            {
                var response = await client.SendAsync(
                    new HttpRequestMessage(HttpMethod.Get, "/api/v1/executions/events"), HttpCompletionOption.ResponseHeadersRead);
                open.Add(response);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }

            using var refused = await client.GetAsync("/api/v1/executions/events");
            var error = await Envelope.AssertErrorAsync(refused, 429, "RATE_LIMITED");
            Assert.Contains("8", Envelope.Message(error), StringComparison.Ordinal);
        }
        finally
        {
            foreach (var response in open)
            {
                response.Dispose();
            }
        }
    }

    private static async IAsyncEnumerable<SseItem<string>> ReadAsync(HttpClient client, string path)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var response = await client.SendAsync(
            new HttpRequestMessage(HttpMethod.Get, path), HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        await using var stream = await response.Content.ReadAsStreamAsync(timeout.Token);
        await foreach (var item in SseParser.Create(stream).EnumerateAsync(timeout.Token))
        {
            if (item.EventType != "heartbeat")
            {
                yield return item;
            }
        }
    }
}
