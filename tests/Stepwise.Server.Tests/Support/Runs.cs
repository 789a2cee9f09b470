using System.Text.Json.Nodes;

namespace Stepwise.Server.Tests.Support;

/// <summary>Starting runs and waiting for them through the API.</summary>
public static class Runs
{
    public static async Task<JsonObject> StartAsync(this HttpClient client, string workflow, string body = "{}", string query = "")
    {
        using var response = await client.PostAsync($"/api/v1/workflows/{workflow}/executions{query}", Api.Json(body));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"start failed: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    public static async Task<JsonObject> RunAsync(this HttpClient client, string workflow, string body = "{}")
    {
        var run = await client.StartAsync(workflow, body, "?wait=60s");
        Assert.True(run["finished_at"] is not null, $"the run did not finish within the wait: {run.ToJsonString()}");
        return run;
    }

    public static async Task<JsonObject> GetRunAsync(this HttpClient client, string id)
    {
        using var response = await client.GetAsync($"/api/v1/executions/{Uri.EscapeDataString(id)}");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"get failed: {(int)response.StatusCode} {text}");

        // A run's record may nest deeper than a request may: it wraps what the run received.
        return JsonNode.Parse(text, nodeOptions: null, Stepwise.Core.Storage.StoredJson.DocumentOptions)!.AsObject();
    }

    /// <summary>Polls the run until it is in one of <paramref name="statuses"/> (60 s at most).</summary>
    public static async Task<JsonObject> WaitForAsync(this HttpClient client, string id, params string[] statuses)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            var run = await client.GetRunAsync(id);
            if (statuses.Contains(run["status"]!.GetValue<string>()))
            {
                return run;
            }

            await Task.Delay(50, timeout.Token);
        }
    }

    public static string Status(this JsonObject run) => run["status"]!.GetValue<string>();

    public static string Id(this JsonObject run) => run["id"]!.GetValue<string>();

    public static JsonObject? Step(this JsonObject run, string stepId) =>
        run["steps"]!.AsArray().FirstOrDefault(s => s!["step_id"]!.GetValue<string>() == stepId)?.AsObject();
}
