using Stepwise.Core.Actions;
using Stepwise.Core.Actions.BuiltIn;
using Stepwise.Core.Definitions;
using Stepwise.Core.Tests.Support;

namespace Stepwise.Core.Tests.Definitions;

/// <summary>The built-in actions, the repository's examples folder, and short ways to load a definition.</summary>
internal static class DefinitionTestKit
{
    public static ActionRegistry Registry { get; } = BuiltInActions.CreateRegistry();

    public static string ExamplesFolder { get; } = Path.Combine(RepoPaths.Root, "examples");

    public static LoadResult Load(string text, string? path = "w.yaml", IWorkflowCatalog? workflows = null) =>
        WorkflowLoader.Load(text, path, Registry, workflows);

    /// <summary>Loads a definition that must be valid, failing the test with its diagnostics otherwise.</summary>
    public static WorkflowDefinition Valid(string text, string path = "w.yaml")
    {
        var result = Load(text, path);
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        return result.Definition!;
    }

    /// <summary>The error messages of a definition that must be invalid.</summary>
    public static IReadOnlyList<string> Errors(string text, string path = "w.yaml", IWorkflowCatalog? workflows = null)
    {
        var result = Load(text, path, workflows);
        Assert.False(result.Succeeded, "expected errors, the definition is valid");
        Assert.Null(result.Definition);
        return [.. result.Errors.Select(d => d.Message)];
    }
}
