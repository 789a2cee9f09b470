using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;

namespace Stepwise.Core.Actions.Agent;

/// <summary>
/// One answer of the model as the run records it (the output of the step <c>node#turn-N</c>): its text, the tool
/// calls it asked for, and the tokens it cost. A resumed run rebuilds the conversation from these records.
/// </summary>
internal sealed record AgentTurn(string? Text, IReadOnlyList<AgentToolCall> Calls, long InputTokens, long OutputTokens)
{
    public long TotalTokens => InputTokens + OutputTokens;

    public static AgentTurn From(ChatResponse response)
    {
        var calls = new List<AgentToolCall>();
        foreach (var message in response.Messages)
        {
            foreach (var call in message.Contents.OfType<FunctionCallContent>())
            {
                var arguments = new JsonObject();
                foreach (var (name, value) in call.Arguments ?? new Dictionary<string, object?>())
                {
                    arguments[name] = value switch
                    {
                        null => null,
                        JsonElement element => JsonNode.Parse(element.GetRawText()),
                        JsonNode node => node.DeepClone(),
                        _ => JsonValue.Create(value.ToString()),
                    };
                }

                calls.Add(new AgentToolCall(call.CallId, call.Name, arguments));
            }
        }

        return new AgentTurn(
            string.IsNullOrEmpty(response.Text) ? null : response.Text,
            calls,
            response.Usage?.InputTokenCount ?? 0,
            response.Usage?.OutputTokenCount ?? 0);
    }

    public JsonObject ToJson() => new()
    {
        ["text"] = Text,
        ["tool_calls"] = new JsonArray([.. Calls.Select(call => (JsonNode)new JsonObject
        {
            ["id"] = call.Id,
            ["name"] = call.Name,
            ["arguments"] = call.Arguments.DeepClone(),
        })]),
        ["usage"] = new JsonObject { ["input_tokens"] = InputTokens, ["output_tokens"] = OutputTokens },
    };

    public static AgentTurn FromJson(JsonNode? node)
    {
        var calls = new List<AgentToolCall>();
        foreach (var call in node?["tool_calls"]?.AsArray() ?? [])
        {
            calls.Add(new AgentToolCall(
                call!["id"]!.GetValue<string>(), call["name"]!.GetValue<string>(), call["arguments"]?.AsObject() ?? []));
        }

        return new AgentTurn(
            node?["text"]?.GetValue<string>(),
            calls,
            node?["usage"]?["input_tokens"]?.GetValue<long>() ?? 0,
            node?["usage"]?["output_tokens"]?.GetValue<long>() ?? 0);
    }

    /// <summary>The assistant message of this turn, as the model sent it.</summary>
    public ChatMessage ToMessage()
    {
        var contents = new List<AIContent>();
        if (Text is not null)
        {
            contents.Add(new TextContent(Text));
        }

        foreach (var call in Calls)
        {
            contents.Add(new FunctionCallContent(
                call.Id, call.Name, call.Arguments.ToDictionary(pair => pair.Key, pair => (object?)pair.Value?.DeepClone())));
        }

        return new ChatMessage(ChatRole.Assistant, contents);
    }
}

/// <summary>A tool call the model asked for.</summary>
internal sealed record AgentToolCall(string Id, string Name, JsonObject Arguments);
