using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Stepwise.Core.Actions.BuiltIn;
using Stepwise.Sdk;

namespace Stepwise.Core.Actions.Agent;

/// <summary>
/// <c>agent</c>: a model over any OpenAI-compatible endpoint, with other workflows and actions as its tools. It loops
/// until the model answers without asking for a tool, within <c>max_iterations</c> model calls and a token budget.
/// Every model call and every tool call is a recorded step (<c>node#turn-N</c>, <c>node#tool-N-M</c>), so a run
/// resumed after a crash rebuilds the conversation from its records and does not pay for a turn twice. The output
/// is <c>{text, output, usage, turns, tool_calls, model}</c>; <c>output</c> is the parsed answer when an
/// <c>output_schema</c> was given.
/// </summary>
internal sealed class AgentAction(IHttpClientFactory clients, ILogger logger) : IAction, IExternalAction
{
    public const string ClientName = "stepwise-agent";

    private static readonly TimeSpan DefaultRequestTimeout = TimeSpan.FromMinutes(2);

    private static readonly DataType OutputType = DataType.ObjectOf(new Dictionary<string, DataType>(StringComparer.Ordinal)
    {
        ["text"] = DataType.String,
        ["output"] = DataType.Any,
        ["usage"] = DataType.ObjectOf(new Dictionary<string, DataType>(StringComparer.Ordinal)
        {
            ["input_tokens"] = DataType.Int,
            ["output_tokens"] = DataType.Int,
            ["total_tokens"] = DataType.Int,
        }),
        ["turns"] = DataType.Int,
        ["tool_calls"] = DataType.Int,
        ["model"] = DataType.String,
    });

    public string Name => "agent";

    public IReadOnlyList<ActionInput> Inputs { get; } =
    [
        new("base_url", DataType.String, Required: true, Description: "The OpenAI-compatible endpoint, e.g. https://api.openai.com/v1 or http://localhost:11434/v1."),
        new("model", DataType.String, Required: true, Description: "The model name the endpoint knows."),
        new("api_key", DataType.String, Description: "The endpoint's key, from secrets (${{ secrets.llm_key }})."),
        new("instructions", DataType.String, Description: "The system prompt."),
        new("input", DataType.Any, Required: true, Description: "The user message: text, or any value (sent as JSON)."),
        new("tools", DataType.AnyArray, Description: "Workflows ({workflow: name}) and actions ({action: type, with: {...}}) the model may call."),
        new("max_iterations", DataType.Int, Description: "Model calls at most before the step fails (default 10)."),
        new("token_budget", DataType.Int, Description: "Tokens (input + output, all turns) at most before the step fails."),
        new("max_output_tokens", DataType.Int, Description: "Output tokens per model call."),
        new("temperature", DataType.Number, Description: "Sampling temperature."),
        new("on_tool_error", DataType.String, Description: "continue (default: the error goes back to the model) or fail (the step fails)."),
        new("output_schema", DataType.AnyObject, Description: "A JSON schema the final answer must match; the parsed answer is output."),
        new("request_timeout", DataType.String, Description: "How long one model call may take (default 2m)."),
    ];

    public bool AcceptsAdditionalInputs => false;

    public DataType GetOutputType(ActionTypeContext context) => OutputType;

    public async ValueTask<ActionResult> ExecuteAsync(ActionContext context, CancellationToken cancellationToken = default)
    {
        var inputs = context.Inputs;
        if (!InputReader.TryGetString(inputs, "base_url", required: true, out var baseUrl, out var error)
            || !InputReader.TryGetString(inputs, "model", required: true, out var model, out error)
            || !InputReader.TryGetString(inputs, "api_key", required: false, out var apiKey, out error)
            || !InputReader.TryGetString(inputs, "instructions", required: false, out var instructions, out error)
            || !InputReader.TryGetArray(inputs, "tools", false, out var toolList, out error)
            || !InputReader.TryGetInt(inputs, "max_iterations", 10, out var maxIterations, out error)
            || !InputReader.TryGetInt(inputs, "token_budget", 0, out var tokenBudget, out error)
            || !InputReader.TryGetInt(inputs, "max_output_tokens", 0, out var maxOutputTokens, out error)
            || !InputReader.TryGetString(inputs, "on_tool_error", required: false, out var onToolError, out error)
            || !InputReader.TryGetObject(inputs, "output_schema", out var outputSchema, out error)
            || !InputReader.TryGetDuration(inputs, "request_timeout", required: false, out var requestTimeout, out error))
        {
            return InputReader.Invalid(error);
        }

        if (!Uri.TryCreate(baseUrl, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https"))
        {
            return InputReader.Invalid($"input 'base_url' must be an absolute http or https URL, got '{baseUrl}'");
        }

        if (maxIterations is < 1 or > 1000)
        {
            return InputReader.Invalid($"input 'max_iterations' must be between 1 and 1000, got {maxIterations}");
        }

        if (tokenBudget < 0 || maxOutputTokens < 0)
        {
            return InputReader.Invalid("inputs 'token_budget' and 'max_output_tokens' must not be negative");
        }

        onToolError ??= "continue";
        if (onToolError is not ("continue" or "fail"))
        {
            return InputReader.Invalid($"input 'on_tool_error' must be continue or fail, got '{onToolError}'");
        }

        if (!inputs.TryGetPropertyValue("input", out var input) || input is null)
        {
            return InputReader.Invalid("input 'input' is required");
        }

        if (context.Runtime is not IDurableStepRuntime runtime)
        {
            return ActionResult.Failure("the agent action needs the workflow engine's runtime", "AGENT_UNAVAILABLE", retryable: false);
        }

        if (!string.IsNullOrEmpty(apiKey))
        {
            context.Runtime.Conceal(apiKey);
        }

        JsonSchema? schema = null;
        if (outputSchema is not null)
        {
            try
            {
                schema = JsonSchema.FromText(outputSchema.ToJsonString());
            }
            catch (Exception exception) when (exception is JsonException or ArgumentException or InvalidOperationException or RefResolutionException)
            {
                return InputReader.Invalid($"input 'output_schema' is not a JSON schema: {exception.Message}");
            }
        }

        var (tools, toolError) = await AgentTools.ResolveAsync(toolList, runtime, Name, cancellationToken).ConfigureAwait(false);
        if (toolError is not null)
        {
            return Fail(context, toolError);
        }

        using var client = ModelEndpoint.Create(
            baseUrl!, model!, apiKey, clients.CreateClient(ClientName), requestTimeout ?? DefaultRequestTimeout);
        var options = new ChatOptions
        {
            ModelId = model,
            Tools = tools.Count == 0 ? null
                : [.. tools.Select(t => (AITool)AIFunctionFactory.CreateDeclaration(t.Name, t.Description, ToElement(t.Schema)))],
            MaxOutputTokens = maxOutputTokens > 0 ? (int)maxOutputTokens : null,
            Temperature = inputs["temperature"] is JsonValue t && t.TryGetValue<double>(out var temperature) ? (float)temperature : null,
            ResponseFormat = outputSchema is null ? null : ChatResponseFormat.ForJsonSchema(ToElement(outputSchema), "answer"),
        };

        var messages = new List<ChatMessage>();
        if (!string.IsNullOrWhiteSpace(instructions))
        {
            messages.Add(new ChatMessage(ChatRole.System, instructions));
        }

        messages.Add(new ChatMessage(ChatRole.User, input is JsonValue text && text.GetValueKind() == JsonValueKind.String
            ? text.GetValue<string>()
            : input.ToJsonString()));

        long inputTokens = 0, outputTokens = 0;
        var toolCalls = 0;
        for (var turn = 1; turn <= maxIterations; turn++)
        {
            var called = false;
            var recorded = await runtime.StepAsync(
                $"turn-{turn}",
                new JsonObject { ["turn"] = turn, ["model"] = model, ["messages"] = messages.Count },
                async ct =>
                {
                    called = true;
                    try
                    {
                        var response = await client.GetResponseAsync(messages, options, ct).ConfigureAwait(false);
                        var answer = AgentTurn.From(response);
                        Telemetry.AgentMetrics.Turn(context.WorkflowName, model!, answer.InputTokens, answer.OutputTokens);
                        return ActionResult.Success(answer.ToJson());
                    }
                    catch (Exception exception) when (ModelEndpoint.IsEndpointFailure(exception) && !ct.IsCancellationRequested)
                    {
                        return ModelEndpoint.Failure(exception, baseUrl!);
                    }
                },
                cancellationToken).ConfigureAwait(false);
            if (!recorded.Succeeded)
            {
                return Fail(context, recorded);
            }

            var reply = AgentTurn.FromJson(recorded.Output);
            Log.Turn(logger, context.ExecutionId, context.StepId, turn, reply.Calls.Count, reply.InputTokens, reply.OutputTokens, !called);
            inputTokens += reply.InputTokens;
            outputTokens += reply.OutputTokens;
            messages.Add(reply.ToMessage());
            if (tokenBudget > 0 && inputTokens + outputTokens > tokenBudget)
            {
                return Fail(context, ActionResult.Failure(
                    $"the agent used {inputTokens + outputTokens} tokens in {turn} turns, over its token_budget of {tokenBudget}",
                    "AGENT_BUDGET_EXCEEDED",
                    retryable: false));
            }

            if (reply.Calls.Count == 0)
            {
                var usage = new JsonObject
                {
                    ["input_tokens"] = inputTokens,
                    ["output_tokens"] = outputTokens,
                    ["total_tokens"] = inputTokens + outputTokens,
                };
                var final = reply.Text ?? string.Empty;
                JsonNode? parsed = null;
                if (schema is not null && CheckOutput(final, schema, out parsed) is { } mismatch)
                {
                    return Fail(context, ActionResult.Failure(mismatch, "AGENT_OUTPUT_INVALID", retryable: true));
                }

                return ActionResult.Success(new JsonObject
                {
                    ["text"] = final,
                    ["output"] = parsed,
                    ["usage"] = usage,
                    ["turns"] = turn,
                    ["tool_calls"] = toolCalls,
                    ["model"] = model,
                });
            }

            for (var index = 0; index < reply.Calls.Count; index++)
            {
                var call = reply.Calls[index];
                toolCalls++;
                var result = await CallToolAsync(tools, call, $"tool-{turn}-{index + 1}", runtime, cancellationToken).ConfigureAwait(false);
                string content;
                if (result.Succeeded)
                {
                    content = result.Output?.ToJsonString() ?? "null";
                }
                else
                {
                    Log.ToolFailed(logger, context.ExecutionId, context.StepId, call.Name, result.Error ?? "failed");
                    if (onToolError == "fail")
                    {
                        return Fail(context, ActionResult.Failure(
                            result.Code == "AGENT_UNKNOWN_TOOL" ? result.Error! : $"tool '{call.Name}' failed: {result.Error}",
                            result.Code == "AGENT_UNKNOWN_TOOL" ? result.Code : "AGENT_TOOL_FAILED",
                            retryable: false));
                    }

                    content = new JsonObject { ["error"] = result.Error }.ToJsonString();
                }

                messages.Add(new ChatMessage(ChatRole.Tool, [new FunctionResultContent(call.Id, content)]));
            }
        }

        return Fail(context, ActionResult.Failure(
            $"the agent reached max_iterations ({maxIterations}) without a final answer: the model still asked for tools",
            "AGENT_ITERATION_LIMIT",
            retryable: false));
    }

    private static async ValueTask<ActionResult> CallToolAsync(
        IReadOnlyList<AgentTool> tools, AgentToolCall call, string stepName, IDurableStepRuntime runtime, CancellationToken cancellationToken)
    {
        var tool = tools.FirstOrDefault(t => t.Name == call.Name);
        if (tool is null)
        {
            var offered = tools.Count == 0 ? "none" : string.Join(", ", tools.Select(t => t.Name));
            return ActionResult.Failure(
                $"unknown tool '{call.Name}': the model asked for a tool it was not offered (tools: {offered})",
                "AGENT_UNKNOWN_TOOL",
                retryable: false);
        }

        var arguments = (JsonObject)call.Arguments.DeepClone();
        foreach (var (name, value) in tool.Fixed)
        {
            arguments[name] = value?.DeepClone();
        }

        return tool.Workflow is { } workflow
            ? await runtime.RunWorkflowAsync(stepName, workflow, arguments, cancellationToken).ConfigureAwait(false)
            : await runtime.RunActionAsync(stepName, tool.Action!, arguments, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Null when <paramref name="text"/> is JSON matching the schema; else why not.</summary>
    private static string? CheckOutput(string text, JsonSchema schema, out JsonNode? parsed)
    {
        parsed = null;
        try
        {
            parsed = JsonNode.Parse(text);
        }
        catch (JsonException exception)
        {
            return $"the final answer does not match output_schema: it is not JSON ({exception.Message})";
        }

        var results = schema.Evaluate(ToElement(parsed), new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (results.IsValid)
        {
            return null;
        }

        var problems = (results.Details ?? [])
            .Where(detail => detail.Errors is { Count: > 0 })
            .SelectMany(detail => detail.Errors!.Select(e => $"{(detail.InstanceLocation.ToString() is { Length: > 0 } at ? at : "/")}: {e.Value}"))
            .Distinct()
            .Take(5);
        return $"the final answer does not match output_schema: {string.Join("; ", problems)}";
    }

    private ActionResult Fail(ActionContext context, ActionResult failure)
    {
        Log.Failed(logger, context.ExecutionId, context.StepId, failure.Code ?? "FAILED", failure.Error ?? "failed");
        return failure;
    }

    private static JsonElement ToElement(JsonNode? node) => JsonSerializer.SerializeToElement(node, JsonNodeContext.Default.JsonNode);
}
