using Stepwise.Core.Definitions;

namespace Stepwise.Workspace;

/// <summary>A [Workflow] method as discovery found it on the compiler's symbols (before the assembly is loaded).</summary>
internal sealed record DiscoveredWorkflow(
    string Name,
    string? Description,
    TimeSpan Timeout,
    int Priority,
    IReadOnlyList<ParamDefinition> Params,
    IReadOnlyList<string> ClrParamNames,
    IReadOnlyList<TriggerDefinition> Triggers,
    string TypeName,
    string MethodName,
    string SourcePath);

/// <summary>A [DataProvider] method: its name, description and the form values it takes (by param name).</summary>
internal sealed record DiscoveredProvider(
    string Name, string? Description, IReadOnlyList<string> FormParams, string TypeName, string MethodName);

/// <summary>An [Action] class.</summary>
internal sealed record DiscoveredAction(string Type, string TypeName);
