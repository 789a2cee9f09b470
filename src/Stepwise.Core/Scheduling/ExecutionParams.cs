using System.Text.Json.Nodes;
using Stepwise.Core.Definitions;

namespace Stepwise.Core.Scheduling;

/// <summary>
/// The params a run starts with: the given values, declared defaults for the missing ones, and the checks that need
/// no type knowledge (required, unknown). Type and pattern checks belong to the definitions' param validator.
/// </summary>
internal static class ExecutionParams
{
    public static JsonObject Prepare(WorkflowDefinition definition, JsonObject? input, out string? error)
    {
        error = null;
        var prepared = input is null ? [] : (JsonObject)input.DeepClone();
        foreach (var name in prepared.Select(p => p.Key))
        {
            if (!definition.Params.Any(p => p.Name == name))
            {
                error = $"Unknown parameter: {name}";
                return prepared;
            }
        }

        foreach (var param in definition.Params)
        {
            if (prepared.ContainsKey(param.Name))
            {
                continue;
            }

            if (param.Default is not null)
            {
                prepared[param.Name] = param.Default.DeepClone();
            }
            else if (param.Required)
            {
                error = $"Missing required parameter: {param.Name}";
                return prepared;
            }
        }

        return prepared;
    }
}
