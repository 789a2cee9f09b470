using System.CommandLine;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Stepwise.Cli.Commands;

/// <summary>
/// The HTTP client of the client verbs (<c>deploy</c>, <c>start</c>, <c>executions</c>): <c>--server</c> (or
/// STEPWISE_SERVER, default http://127.0.0.1:8080), <c>--key</c> (or STEPWISE_KEY) and <c>--org</c>. Error envelopes
/// become one line naming the problem and the request id.
/// </summary>
internal sealed class ServerClient : IDisposable
{
    public const string DefaultServer = "http://127.0.0.1:8080";

    private readonly HttpClient _http;

    private ServerClient(HttpClient http, string server)
    {
        _http = http;
        Server = server;
    }

    public string Server { get; }

    public static Option<string?> ServerOption() => new("--server")
    {
        Description = $"The server's URL (default: STEPWISE_SERVER or {DefaultServer})",
        HelpName = "URL",
    };

    public static Option<string?> KeyOption() => new("--key")
    {
        Description = "The API key (default: STEPWISE_KEY)",
        HelpName = "KEY",
    };

    public static Option<string?> OrgOption() => new("--org")
    {
        Description = "Act for this organization (platform admin keys only)",
        HelpName = "ORG",
    };

    public static void AddOptions(Command command, Option<string?> server, Option<string?> key, Option<string?> org)
    {
        command.Options.Add(server);
        command.Options.Add(key);
        command.Options.Add(org);
    }

    /// <summary>The client, or null after printing why not (exit code 2: no key or a bad URL).</summary>
    public static ServerClient? Create(string? server, string? key, string? org)
    {
        server ??= StepwiseSettings.Variable("STEPWISE_SERVER") ?? DefaultServer;
        key ??= StepwiseSettings.Variable("STEPWISE_KEY");
        if (string.IsNullOrWhiteSpace(key))
        {
            Console.Error.WriteLine("stepwise: no API key: pass --key KEY or set STEPWISE_KEY");
            return null;
        }

        if (!Uri.TryCreate(server.TrimEnd('/') + "/", UriKind.Absolute, out var baseUri)
            || baseUri.Scheme is not ("http" or "https"))
        {
            Console.Error.WriteLine($"stepwise: '{server}' is not a server URL such as {DefaultServer}");
            return null;
        }

        var http = new HttpClient { BaseAddress = baseUri, Timeout = TimeSpan.FromMinutes(6) };
        http.DefaultRequestHeaders.Add("X-API-Key", key.Trim());
        if (!string.IsNullOrWhiteSpace(org))
        {
            http.DefaultRequestHeaders.Add("X-Organization-Id", org.Trim());
        }

        return new ServerClient(http, baseUri.ToString().TrimEnd('/'));
    }

    public static string Escape(string id) => Uri.EscapeDataString(id);

    /// <summary>Sends a request; the JSON answer, or null after printing the error (exit code 1).</summary>
    /// <summary>
    /// Sends one request; the JSON answer on success, else null after printing the error (and, through
    /// <paramref name="explainError"/>, whatever the verb adds about it, such as a caret under a query's error).
    /// </summary>
    public async Task<JsonNode?> SendAsync(
        HttpMethod method, string path, string? body, string? contentType, CancellationToken cancellationToken,
        Action<JsonObject>? explainError = null)
    {
        using var request = new HttpRequestMessage(method, path.TrimStart('/'));
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType ?? "application/json");
        }

        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException exception)
        {
            await Console.Error.WriteLineAsync($"stepwise: cannot reach the server at {Server}: {exception.Message}");
            return null;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync($"stepwise: the server at {Server} did not answer in time");
            return null;
        }

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            JsonNode? json = null;
            try
            {
                json = text.Length == 0 ? null : JsonNode.Parse(text);
            }
            catch (JsonException)
            {
                // Not JSON: reported below with the status.
            }

            if (response.IsSuccessStatusCode)
            {
                return json ?? new JsonObject();
            }

            await Console.Error.WriteLineAsync($"stepwise: {Describe(response, json, text)}");
            if (explainError is not null && json?["error"] is JsonObject error)
            {
                explainError(error);
            }

            if (json?["error"]?["details"]?["diagnostics"] is JsonArray { Count: > 1 } diagnostics)
            {
                foreach (var diagnostic in diagnostics)
                {
                    await Console.Error.WriteLineAsync(
                        $"  {diagnostic?["line"]}:{diagnostic?["column"]}: {diagnostic?["message"]?.GetValue<string>()}");
                }
            }

            return null;
        }
    }

    /// <summary>
    /// A GET whose answer is kept as text, whatever its status: the body on success, otherwise the problem in one
    /// line; <see cref="FetchResult.Unreachable"/> when no answer came at all.
    /// </summary>
    public async Task<FetchResult> GetTextAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await _http.GetAsync(path.TrimStart('/'), cancellationToken);
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return new FetchResult(text, null, false);
            }

            JsonNode? json = null;
            try
            {
                json = text.Length == 0 ? null : JsonNode.Parse(text);
            }
            catch (JsonException)
            {
                // Not JSON: the raw text is described instead.
            }

            return new FetchResult(null, $"GET /{path.TrimStart('/')}: {Describe(response, json, text)}", false);
        }
        catch (HttpRequestException exception)
        {
            return new FetchResult(null, $"cannot reach the server at {Server}: {exception.Message}", true);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new FetchResult(null, $"the server at {Server} did not answer GET /{path.TrimStart('/')} in time", true);
        }
    }

    public void Dispose() => _http.Dispose();

    private static string Describe(HttpResponseMessage response, JsonNode? json, string text)
    {
        var status = (int)response.StatusCode;
        if (json?["error"]?["message"] is JsonValue message)
        {
            var requestId = json["request_id"]?.GetValue<string>();
            return $"{message.GetValue<string>()} (HTTP {status}{(requestId is null ? string.Empty : $", request_id {requestId}")})";
        }

        return $"the server answered HTTP {status}: {(text.Length > 200 ? text[..200] : text)}";
    }
}
