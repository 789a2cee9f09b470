using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Stepwise.Server.Tests.OpenApi;

/// <summary>
/// Sends requests for the operations of an <see cref="OpenApiContract"/> and checks every answer against it,
/// collecting problems rather than stopping at the first, and remembering which documented answers were seen.
/// </summary>
public sealed class ConformanceRun(OpenApiContract contract)
{
    private readonly HashSet<string> _covered = new(StringComparer.Ordinal);
    private readonly List<string> _problems = [];

    public IReadOnlyList<string> Problems => _problems;

    public OpenApiContract Contract => contract;

    public static string Key(string method, string template, string status) => $"{method} {template} {status}";

    public bool WasSeen(string method, string template, string status) => _covered.Contains(Key(method, template, status));

    public void Problem(string problem) => _problems.Add(problem);

    /// <summary>
    /// Sends one request and checks its answer. <paramref name="template"/> is the document's path; its parameters
    /// take <paramref name="args"/> in order. With <paramref name="expect"/>, another status is a problem too.
    /// </summary>
    public async Task<Answer> CallAsync(
        HttpClient client,
        string method,
        string template,
        string[]? args = null,
        string query = "",
        HttpContent? body = null,
        int? expect = null,
        Action<HttpRequestMessage>? configure = null,
        bool stream = false)
    {
        var path = Fill(template, args ?? []);
        using var request = new HttpRequestMessage(new HttpMethod(method), path + query) { Content = body };
        configure?.Invoke(request);
        using var response = await client.SendAsync(
            request, stream ? HttpCompletionOption.ResponseHeadersRead : HttpCompletionOption.ResponseContentRead);
        var status = (int)response.StatusCode;
        var text = stream && response.IsSuccessStatusCode ? string.Empty : await response.Content.ReadAsStringAsync();
        var what = $"{method} {path}{query} -> {status}";
        var contentType = response.Content.Headers.ContentType;
        var problems = stream && response.IsSuccessStatusCode
            ? StreamProblems(method, template, status, contentType)
            : contract.Check(method, template, status, contentType, text);
        foreach (var problem in problems)
        {
            _problems.Add($"{what}: {problem}");
        }

        if (expect is { } expected && expected != status)
        {
            _problems.Add($"{what}: expected {expected}; body: {(text.Length > 300 ? text[..300] : text)}");
        }

        _covered.Add(Key(method, template, status.ToString(CultureInfo.InvariantCulture)));
        JsonNode? json = null;
        if (text.Length > 0 && contentType?.MediaType?.EndsWith("json", StringComparison.Ordinal) == true)
        {
            try
            {
                json = JsonNode.Parse(text);
            }
            catch (System.Text.Json.JsonException)
            {
                // Check already named it.
            }
        }

        return new Answer(status, text, json);
    }

    public static StringContent Json(string text, string type = "application/json") => new(text, Encoding.UTF8, type);

    private IReadOnlyList<string> StreamProblems(string method, string template, int status, MediaTypeHeaderValue? contentType)
    {
        var response = contract.Operation(method, template)?["responses"]?[status.ToString(CultureInfo.InvariantCulture)];
        if (response is null)
        {
            return [$"status {status} is not documented"];
        }

        var media = contentType?.MediaType;
        return response["content"] is JsonObject content && media is not null && content.ContainsKey(media)
            ? []
            : [$"content type '{media}' is not documented for the stream's {status}"];
    }

    private static string Fill(string template, string[] args)
    {
        var result = new StringBuilder();
        var next = 0;
        for (var i = 0; i < template.Length; i++)
        {
            if (template[i] == '{')
            {
                var end = template.IndexOf('}', i);
                var value = next < args.Length ? args[next++] : "1";
                result.Append(template[(i + 1)..end] == "path" ? value : Uri.EscapeDataString(value));
                i = end;
            }
            else
            {
                result.Append(template[i]);
            }
        }

        return result.ToString();
    }

    public sealed record Answer(int Status, string Text, JsonNode? Json)
    {
        public string Get(string property) => Json?[property]?.ToString() ?? throw new InvalidOperationException($"no '{property}' in {Text}");
    }
}
