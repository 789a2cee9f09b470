using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace Stepwise.Testing;

/// <summary>
/// A stand-in for an OpenAI-compatible chat endpoint (<c>POST {BaseUrl}/chat/completions</c>) on 127.0.0.1. The
/// script answers each call from the turn it is (the number of assistant messages already in the conversation,
/// plus one) and the request; the server counts the calls of every turn, so a test sees a turn paid for twice.
/// </summary>
public sealed class FakeModelServer : IDisposable
{
    private readonly LocalHttpServer server;
    private readonly ConcurrentDictionary<int, int> callsPerTurn = new();

    public FakeModelServer(Func<int, JsonObject, Reply> script)
    {
        server = new LocalHttpServer(request =>
        {
            var body = JsonNode.Parse(request.Body)!.AsObject();
            var turn = body["messages"]!.AsArray().Count(m => m!["role"]!.GetValue<string>() == "assistant") + 1;
            callsPerTurn.AddOrUpdate(turn, 1, (_, count) => count + 1);
            return script(turn, body);
        });
    }

    /// <summary>The base_url to give the agent (…/v1).</summary>
    public string BaseUrl => server.Url("v1");

    public int Calls => server.Hits("/v1/chat/completions");

    public int CallsOf(int turn) => callsPerTurn.GetValueOrDefault(turn);

    public IReadOnlyList<ReceivedRequest> Requests => server.To("/v1/chat/completions");

    /// <summary>The model asks for one or more tools: (name, arguments as JSON text).</summary>
    public static Reply ToolCalls(int turn, params (string Name, string Arguments)[] calls) => Reply.Json(200, new JsonObject
    {
        ["id"] = $"chatcmpl-{turn}",
        ["object"] = "chat.completion",
        ["created"] = 1_700_000_000,
        ["model"] = "test-model",
        ["choices"] = new JsonArray(new JsonObject
        {
            ["index"] = 0,
            ["message"] = new JsonObject
            {
                ["role"] = "assistant",
                ["content"] = null,
                ["tool_calls"] = new JsonArray([.. calls.Select((call, i) => (JsonNode)new JsonObject
                {
                    ["id"] = $"call_{turn}_{i + 1}",
                    ["type"] = "function",
                    ["function"] = new JsonObject { ["name"] = call.Name, ["arguments"] = call.Arguments },
                })]),
            },
            ["finish_reason"] = "tool_calls",
        }),
        ["usage"] = Usage(100, 20),
    }.ToJsonString());

    /// <summary>The model's final answer.</summary>
    public static Reply Answer(string text, int promptTokens = 100, int completionTokens = 20) => Reply.Json(200, new JsonObject
    {
        ["id"] = "chatcmpl-final",
        ["object"] = "chat.completion",
        ["created"] = 1_700_000_000,
        ["model"] = "test-model",
        ["choices"] = new JsonArray(new JsonObject
        {
            ["index"] = 0,
            ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = text },
            ["finish_reason"] = "stop",
        }),
        ["usage"] = Usage(promptTokens, completionTokens),
    }.ToJsonString());

    /// <summary>An error answer as OpenAI sends them.</summary>
    public static Reply Error(int status, string message) => Reply.Json(status, new JsonObject
    {
        ["error"] = new JsonObject { ["message"] = message, ["type"] = "invalid_request_error", ["code"] = null },
    }.ToJsonString());

    /// <summary>The content of the tool result messages in a request, in order.</summary>
    public static IReadOnlyList<string> ToolResults(JsonObject request) =>
        [.. request["messages"]!.AsArray().Where(m => m!["role"]!.GetValue<string>() == "tool").Select(m => m!["content"]!.ToString())];

    public void Dispose() => server.Dispose();

    private static JsonObject Usage(int prompt, int completion) => new()
    {
        ["prompt_tokens"] = prompt,
        ["completion_tokens"] = completion,
        ["total_tokens"] = prompt + completion,
    };
}
