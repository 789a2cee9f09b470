using System.Text.RegularExpressions;

namespace Stepwise.Workspace.Tests;

/// <summary>The C# in docs/code-workflows.md and examples/workspace compiles as a workspace, as the docs claim.</summary>
public sealed partial class DocsAndExamplesTests
{
    [Fact]
    public void ExampleWorkspace_Compiles_WithItsWorkflowsProviderAndAction()
    {
        var build = WorkspaceCompiler.Compile(WorkspaceSources.Read(Path.Combine(RepoPaths.Examples, "workspace")), new HashSet<string>());

        Assert.True(build.Succeeded, string.Join("\n", build.Errors));
        Assert.Equal(["onboard_user", "greet_user"], build.Discovery!.Workflows.Select(w => w.Name));
        Assert.Equal(["get_departments"], build.Discovery.Providers.Select(p => p.Name));
        Assert.Equal(["slug"], build.Discovery.Actions.Select(a => a.Type));
    }

    [Fact]
    public void CodeWorkflowsDoc_EveryCSharpBlock_CompilesOnItsOwn()
    {
        var doc = File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "code-workflows.md"));
        var blocks = CSharpBlock().Matches(doc).Select(m => m.Groups[1].Value).ToList();

        Assert.True(blocks.Count >= 3, $"found {blocks.Count} C# blocks");
        foreach (var block in blocks)
        {
            var build = WorkspaceCompiler.Compile(WorkspaceSources.FromFiles([new WorkspaceFile("Doc.cs", block)]), new HashSet<string>());
            Assert.True(build.Succeeded, block + "\n" + string.Join("\n", build.Errors));
        }
    }

    [GeneratedRegex("```csharp\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();
}
