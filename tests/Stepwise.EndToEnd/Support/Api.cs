using System.Text;
using System.Text.Json.Nodes;

namespace Stepwise.EndToEnd.Support;

/// <summary>Calls of the API the tests make, and checks of the error envelope.</summary>
public static class Api
{
    public static StringContent Yaml(string text) => new(text, Encoding.UTF8, "application/yaml");

    public static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

    /// <summary>Polls <c>/health/ready</c> until it answers <paramref name="expected"/> (default: 30 s, then the test fails).</summary>
    public static async Task WaitForReadinessAsync(this HttpClient client, System.Net.HttpStatusCode expected, TimeSpan? timeout = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            using var response = await client.GetAsync("/health/ready", deadline.Token);
            if (response.StatusCode == expected)
            {
                return;
            }

            await Task.Delay(50, deadline.Token);
        }
    }

    public static async Task<JsonObject> ReadObjectAsync(this HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

    public static async Task<JsonObject> DeployAsync(this HttpClient client, string yaml)
    {
        using var response = await client.PostAsync("/api/v1/workflows", Yaml(yaml));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"deploy failed: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!.AsObject();
    }

    public static async Task<JsonObject> StartAsync(this HttpClient client, string workflow, string body = "{}", string query = "")
    {
        using var response = await client.PostAsync($"/api/v1/workflows/{workflow}/executions{query}", Json(body));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"start of {workflow} failed: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    public static Task<JsonObject> RunAsync(this HttpClient client, string workflow, string body = "{}") =>
        client.StartAsync(workflow, body, "?wait=60s");

    public static async Task<JsonObject> GetRunAsync(this HttpClient client, string id)
    {
        using var response = await client.GetAsync($"/api/v1/executions/{Uri.EscapeDataString(id)}");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"get failed: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    public static async Task<JsonObject> WaitForAsync(this HttpClient client, string id, TimeSpan timeout, params string[] statuses)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            var run = await client.GetRunAsync(id);
            if (statuses.Contains(run.Status()))
            {
                return run;
            }

            try
            {
                await Task.Delay(100, deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"execution {id} is still {run.Status()} after {timeout}");
            }
        }
    }

    public static string Status(this JsonObject run) => run["status"]!.GetValue<string>();

    public static string Id(this JsonObject run) => run["id"]!.GetValue<string>();

    public static JsonObject? Step(this JsonObject run, string stepId) =>
        run["steps"]!.AsArray().FirstOrDefault(s => s!["step_id"]!.GetValue<string>() == stepId)?.AsObject();

    /// <summary>Asserts a 4xx/5xx error envelope with the request id in body and header; returns error.</summary>
    public static async Task<JsonObject> AssertErrorAsync(HttpResponseMessage response, int status, string? code = null)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"expected {status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = JsonNode.Parse(text)!.AsObject();
        var error = body["error"]!.AsObject();
        if (code is not null)
        {
            Assert.Equal(code, error["code"]!.GetValue<string>());
        }

        Assert.False(string.IsNullOrWhiteSpace(error["message"]?.GetValue<string>()), text);
        var requestId = body["request_id"]!.GetValue<string>();
        Assert.False(string.IsNullOrWhiteSpace(requestId));
        Assert.Equal(requestId, response.Headers.GetValues("X-Request-ID").Single());
        return error;
    }

    public static string Message(this JsonObject error) => error["message"]!.GetValue<string>();
}
