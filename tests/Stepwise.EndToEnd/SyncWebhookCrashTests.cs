using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Stepwise.EndToEnd.Support;

namespace Stepwise.EndToEnd;

/// <summary>
/// A sync webhook answers only after the run's final state is committed: a server killed with SIGKILL while clients
/// post sync webhooks (the S1 load of the benchmarks, scaled down) must have stored every run it answered with 2xx,
/// however that run was written (row by row, or as one record when it finished within one group commit).
/// </summary>
public sealed class SyncWebhookCrashTests
{
    private const string Greet = """
        name: greet
        params:
          - { name: name, type: string, required: true }
          - { name: n, type: int, required: true }
        triggers:
          - type: webhook
            path: greet
            respond: sync
        nodes:
          - id: shape
            type: transform
            with:
              doubled: ${{ params.n * 2 }}
              greeting: "hello ${{ params.name }}"
        output: ${{ nodes.shape.output }}
        """;

    private const int Clients = 6;

    private const int AnsweredBeforeKill = 300;

    [Fact]
    public async Task KillDashNine_UnderSyncWebhookLoad_EveryAnsweredRunIsStored()
    {
        using var folder = new TempFolder();
        await using var server = await ServerInstance.StartAsync(folder.Path);
        using (var admin = server.Client())
        {
            await admin.DeployAsync(Greet);
        }

        var answered = new ConcurrentDictionary<string, (string Name, int N)>(StringComparer.Ordinal);
        var failures = new ConcurrentQueue<string>();
        var clients = Enumerable.Range(0, Clients)
            .Select(client => Task.Run(() => PostUntilDeadAsync(server, client, answered, failures)))
            .ToArray();

        // Kill while every client has a request in flight or about to be: enough runs answered to prove something.
        using (var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(120)))
        {
            while (answered.Count < AnsweredBeforeKill && clients.All(c => !c.IsCompleted))
            {
                await Task.Delay(10, deadline.Token);
            }
        }

        Assert.True(clients.All(c => !c.IsCompleted), "a client stopped before the kill: " + string.Join("; ", failures));
        server.Process.KillHard();
        await server.Process.WaitForExitAsync(TimeSpan.FromSeconds(30));
        var endings = await Task.WhenAll(clients).WaitAsync(TimeSpan.FromSeconds(60));

        // Every client was still posting when the server died: the kill landed under load, not after it.
        Assert.All(endings, ending => Assert.Equal(Ending.ServerGone, ending));
        Assert.True(failures.IsEmpty, string.Join("; ", failures));
        var stored = answered.ToArray();
        Assert.True(stored.Length >= AnsweredBeforeKill, $"only {stored.Length} runs answered before the kill");

        await server.RestartAsync();
        using var after = server.Client();
        foreach (var (id, (name, n)) in stored)
        {
            using var response = await after.GetAsync($"/api/v1/executions/{Uri.EscapeDataString(id)}");
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, $"run {id} was answered 200 before the kill but is not stored: {(int)response.StatusCode} {text}");
            var run = JsonNode.Parse(text)!.AsObject();
            Assert.True(run.Status() == "succeeded", $"run {id} was answered 200 but is stored as {text}");
            Assert.Equal("hello " + name, run["output"]?["greeting"]?.GetValue<string>());
            Assert.Equal(n * 2, run["output"]?["doubled"]?.GetValue<int>());
            Assert.Equal("succeeded", run.Step("shape")?["status"]?.GetValue<string>());
        }
    }

    /// <summary>Posts sync webhooks one after the other until the server stops answering.</summary>
    private static async Task<Ending> PostUntilDeadAsync(
        ServerInstance server,
        int client,
        ConcurrentDictionary<string, (string Name, int N)> answered,
        ConcurrentQueue<string> failures)
    {
        using var http = server.Client(key: null);
        http.Timeout = TimeSpan.FromSeconds(60);
        for (var i = 0; ; i++)
        {
            var name = $"c{client}-{i}";
            HttpResponseMessage response;
            string body;
            try
            {
                response = await http.PostAsync("/hooks/default/greet", Api.Json($$"""{"name":"{{name}}","n":{{i}}}"""));
                body = await response.Content.ReadAsStringAsync();
            }
            catch (Exception exception) when (exception is HttpRequestException or IOException or TaskCanceledException)
            {
                // The connection broke or the answer was cut off: the server is gone and nothing was answered.
                return Ending.ServerGone;
            }

            using (response)
            {
                if (!response.IsSuccessStatusCode)
                {
                    failures.Enqueue($"{name}: {(int)response.StatusCode} {body}");
                    return Ending.Failed;
                }

                // The answer is complete: this run was reported finished, so it must be durable.
                var id = response.Headers.GetValues("X-Execution-Id").Single();
                var output = JsonNode.Parse(body)!.AsObject();
                if (output["greeting"]?.GetValue<string>() != "hello " + name)
                {
                    failures.Enqueue($"{name}: answered {body}");
                    return Ending.Failed;
                }

                answered[id] = (name, i);
            }
        }
    }

    private enum Ending
    {
        ServerGone,
        Failed,
    }
}
