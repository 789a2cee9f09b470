using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Stepwise.EndToEnd.Support;
using Xunit.Abstractions;

namespace Stepwise.EndToEnd;

/// <summary>
/// The bad-input corpus of issue 21: hundreds of hostile requests generated from the OpenAPI document over every
/// endpoint (<see cref="BadInputCorpus"/>), against one real <c>stepwise serve</c>. Every answer is a 4xx with the
/// error envelope and a request id (never a 5xx, never a bare body), and the server logs no unhandled exception.
/// The hand-written table beside it (<see cref="BadRequestTableTests"/>) names the exact status of each classic case.
/// </summary>
public sealed class BadInputCorpusTests(BadInputCorpusTests.Fixture fixture, ITestOutputHelper output)
    : IClassFixture<BadInputCorpusTests.Fixture>
{
    private const int MinimumCorpus = 300;

    [Fact]
    public async Task Corpus_EveryEndpoint_AnswersEachBadRequestWithA4xxEnvelope()
    {
        var cases = BadInputCorpus.Generate(File.ReadAllText(Path.Combine(RepoPaths.Root, "web", "openapi.json")));
        Assert.True(cases.Count >= MinimumCorpus, $"the corpus has only {cases.Count} requests");
        Assert.Equal(cases.Count, cases.Select(c => c.Name).Distinct(StringComparer.Ordinal).Count());

        var failures = new ConcurrentBag<string>();
        var statuses = new ConcurrentDictionary<int, int>();
        await Parallel.ForEachAsync(cases, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (bad, token) =>
        {
            var (status, problem) = await SendAsync(bad);
            statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
            if (problem is not null)
            {
                failures.Add($"{bad.Name}: {problem}");
            }
        });

        output.WriteLine($"{cases.Count} requests: {string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Value} x {s.Key}"))}");
        Assert.True(failures.IsEmpty, $"{failures.Count} of {cases.Count} requests were not answered with a 4xx envelope:\n{string.Join("\n", failures.Order(StringComparer.Ordinal))}");

        var log = fixture.Server.Process.Stdout + fixture.Server.Process.Stderr;
        Assert.DoesNotContain("unhandled exception", log, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("INTERNAL_ERROR", log, StringComparison.Ordinal);
    }

    private async Task<(int Status, string? Problem)> SendAsync(BadRequestCase bad)
    {
        var key = bad.Key == BadInputCorpus.ViewerKey ? fixture.ViewerKey : bad.Key;
        using var client = fixture.Server.Client(key);
        using var request = new HttpRequestMessage(new HttpMethod(bad.Method), bad.Path.Replace("{run}", fixture.RunId, StringComparison.Ordinal));
        if (bad.Body is not null || bad.RawBody is not null)
        {
            var content = new ByteArrayContent(bad.RawBody ?? Encoding.UTF8.GetBytes(bad.Body!));
            if (bad.ContentType is not null)
            {
                content.Headers.ContentType = MediaTypeHeaderValue.Parse(bad.ContentType);
            }

            request.Content = content;
            request.Headers.ExpectContinue = content.Headers.ContentLength > 64 * 1024;
        }

        using var response = await client.SendAsync(request);
        var status = (int)response.StatusCode;
        var text = await response.Content.ReadAsStringAsync();
        var expected = bad.Status == BadRequestCase.AnyClientError ? status is >= 400 and < 500 : status == bad.Status;
        if (!expected)
        {
            return (status, $"{status} (expected {(bad.Status == BadRequestCase.AnyClientError ? "a 4xx" : bad.Status)}): {Short(text)}");
        }

        return (status, Envelope(response, text));
    }

    /// <summary>Null when the answer is the error envelope with its request id; else what is wrong.</summary>
    private static string? Envelope(HttpResponseMessage response, string text)
    {
        if (response.Content.Headers.ContentType?.MediaType != "application/json")
        {
            return $"content type {response.Content.Headers.ContentType?.MediaType ?? "none"}: {Short(text)}";
        }

        try
        {
            var body = JsonNode.Parse(text)?.AsObject();
            var message = body?["error"]?["message"]?.GetValue<string>();
            var requestId = body?["request_id"]?.GetValue<string>();
            if (string.IsNullOrWhiteSpace(message) || string.IsNullOrWhiteSpace(requestId))
            {
                return $"no error message or request id: {Short(text)}";
            }

            if (!response.Headers.TryGetValues("X-Request-ID", out var header) || header.Single() != requestId)
            {
                return "the X-Request-ID header does not match the body's request id";
            }

            return text.Contains("   at ", StringComparison.Ordinal) ? $"a stack trace: {Short(text)}" : null;
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException)
        {
            return $"not a JSON object: {Short(text)}";
        }
    }

    private static string Short(string text) => text.Length <= 300 ? text : text[..300] + "...";

    /// <summary>A server with greet deployed, one finished run of it, and a viewer's key.</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        private readonly SharedServer _shared = new();

        public ServerInstance Server => _shared.Server;

        public string RunId { get; private set; } = string.Empty;

        public string ViewerKey { get; private set; } = string.Empty;

        public async Task InitializeAsync()
        {
            await _shared.InitializeAsync();
            using var client = Server.Client();
            await client.DeployAsync(RepoPaths.ReadExample("greet.yaml"));
            RunId = (await client.RunAsync("greet", """{"name":"Ada","n":2}""")).Id();
            using var created = await client.PostAsync("/api/v1/api-keys", Api.Json("""{"name":"corpus-viewer","role":"viewer"}"""));
            var key = await created.ReadObjectAsync();
            Assert.True(created.IsSuccessStatusCode, key.ToJsonString());
            ViewerKey = key["key"]!.GetValue<string>();
        }

        public Task DisposeAsync() => _shared.DisposeAsync();
    }
}
