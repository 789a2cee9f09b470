using Stepwise.Core.Actions;
using Stepwise.Core.Definitions;

namespace Stepwise.Benchmarks;

/// <summary>Loads the example workflows the run benchmarks use from the repository's examples folder.</summary>
internal static class ExampleWorkflows
{
    public static WorkflowDefinition Load(string example, ActionRegistry actions)
    {
        var path = PathOf(example);
        var result = WorkflowLoader.Load(File.ReadAllText(path), path, actions);
        return result.Definition ?? throw new InvalidOperationException(string.Join("\n", result.Diagnostics));
    }

    public static string PathOf(string example) => Path.Combine(RepoRoot(), "examples", example);

    private static string RepoRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Stepwise.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Stepwise.slnx not found above " + AppContext.BaseDirectory);
    }
}
