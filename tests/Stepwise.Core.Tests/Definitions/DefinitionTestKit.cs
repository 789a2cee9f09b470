using Stepwise.Core.Actions;
using Stepwise.Core.Actions.BuiltIn;
using Stepwise.Core.Definitions;

namespace Stepwise.Core.Tests.Definitions;

/// <summary>The built-in actions, the repository's examples folder, and short ways to load a definition.</summary>
internal static class DefinitionTestKit
{
    public static ActionRegistry Registry { get; } = BuiltInActions.CreateRegistry();

    public static string ExamplesFolder { get; } = Path.Combine(RepositoryRoot(), "examples");

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

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Stepwise.slnx")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No Stepwise.slnx above {AppContext.BaseDirectory}");
    }
}
