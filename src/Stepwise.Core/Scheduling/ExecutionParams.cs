using System.Text.Json.Nodes;
using Stepwise.Core.Definitions;

namespace Stepwise.Core.Scheduling;

/// <summary>The params a run starts with, checked by the one <see cref="ParamValidator"/> every entry point uses.</summary>
internal static class ExecutionParams
{
    public static JsonObject Prepare(WorkflowDefinition definition, JsonObject? input, out string? error)
    {
        var result = ParamValidator.Validate(definition.Params, input);
        error = result.IsValid ? null : string.Join("; ", result.Errors);
        return result.Values;
    }
}
