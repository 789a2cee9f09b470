using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Stepwise.Sdk;

namespace Stepwise.Core.Actions.Agent;

/// <summary>
/// Reads the agent's <c>tools</c>: <c>{workflow: name}</c> or <c>{action: type}</c>, each with an optional
/// <c>name</c>, <c>description</c> and <c>with</c> (values fixed by the workflow, not asked of the model).
/// </summary>
internal static partial class AgentTools
{
    private static readonly string[] Fields = ["workflow", "action", "name", "description", "with"];

    public static async ValueTask<(IReadOnlyList<AgentTool> Tools, ActionResult? Error)> ResolveAsync(
        JsonArray? given, IDurableStepRuntime runtime, string self, CancellationToken cancellationToken)
    {
        var tools = new List<AgentTool>();
        for (var index = 0; index < (given?.Count ?? 0); index++)
        {
            var where = $"tools[{index}]";
            if (given![index] is not JsonObject tool)
            {
                return ([], Invalid($"{where} must be an object like {{workflow: name}} or {{action: type}}"));
            }

            if (tool.Select(pair => pair.Key).FirstOrDefault(key => !Fields.Contains(key)) is { } unknown)
            {
                return ([], Invalid($"{where} has an unknown field '{unknown}'; a tool has workflow or action, and name, description, with"));
            }

            var workflow = Text(tool["workflow"]);
            var actionType = Text(tool["action"]);
            if ((workflow is null) == (actionType is null))
            {
                return ([], Invalid($"{where} must name exactly one of workflow or action"));
            }

            var fixedInputs = tool["with"] is JsonObject with ? (JsonObject)with.DeepClone() : [];
            var name = Text(tool["name"]) ?? workflow ?? actionType!;
            if (!ToolName().IsMatch(name))
            {
                return ([], Invalid($"{where}: tool name '{name}' must be 1 to 64 letters, digits, '_' or '-'"));
            }

            if (tools.Any(t => t.Name == name))
            {
                return ([], Invalid($"{where}: two tools are named '{name}'; give one a name of its own"));
            }

            if (workflow is not null)
            {
                var resolved = await runtime.ResolveWorkflowAsync(workflow, cancellationToken).ConfigureAwait(false);
                if (resolved is null)
                {
                    return ([], ActionResult.Failure(
                        $"unknown tool: workflow '{workflow}' ({where}) is not deployed in this organization",
                        "AGENT_UNKNOWN_TOOL",
                        retryable: false));
                }

                var definition = resolved.Definition;
                var parameters = definition.Params.Where(p => !fixedInputs.ContainsKey(p.Name)).ToList();
                tools.Add(new AgentTool(
                    name,
                    Text(tool["description"]) ?? definition.Description ?? $"Runs the workflow {workflow}.",
                    ToolSchemas.FromParams(parameters),
                    workflow,
                    null,
                    fixedInputs));
                continue;
            }

            if (!runtime.Actions.TryGet(actionType!, out var action))
            {
                return ([], ActionResult.Failure(
                    $"unknown tool: '{actionType}' ({where}) is not an action of this server; known: {string.Join(", ", runtime.Actions.Names)}",
                    "AGENT_UNKNOWN_TOOL",
                    retryable: false));
            }

            if (action is ITopLevelAction || action.Name == self || action.Inputs.Any(i => i.IsTemplate))
            {
                return ([], Invalid($"{where}: the action '{actionType}' cannot be a tool (it waits, runs templates, or is an agent)"));
            }

            tools.Add(new AgentTool(
                name,
                Text(tool["description"]) ?? $"Runs the {actionType} action.",
                ToolSchemas.FromInputs(action.Inputs, fixedInputs),
                null,
                action,
                fixedInputs));
        }

        return (tools, null);
    }

    private static ActionResult Invalid(string error) => ActionResult.Failure($"input 'tools': {error}", "INVALID_INPUT", retryable: false);

    private static string? Text(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    [GeneratedRegex("^[a-zA-Z0-9_-]{1,64}$")]
    private static partial Regex ToolName();
}
