using Stepwise.Cli.Tests.Support;

namespace Stepwise.Cli.Tests.Workspace;

/// <summary><c>stepwise workspace check</c>: the exit codes CI relies on, and errors as file:line:col.</summary>
public sealed class WorkspaceCheckTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public async Task Check_GoodWorkspace_ExitsZeroListingWhatItDefines()
    {
        File.WriteAllText(Path.Combine(folder.Path, "Hello.cs"), """
            using Stepwise.Sdk;

            public static class Hello
            {
                [Workflow("hello")]
                public static Task<string> RunAsync(IWorkflowContext context, string name = "world") =>
                    context.StepAsync("say", ct => Task.FromResult($"hello {name}"));
            }
            """);

        var result = await StepwiseCli.RunAsync("workspace", "check", folder.Path);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("ok: 1 files, workflows: hello; data providers: (none); actions: (none)", result.Stdout.Trim());
    }

    [Fact]
    public async Task Check_RefusedImportAndSyntaxError_ExitsOneWithEachErrorAtItsPlace()
    {
        File.WriteAllText(Path.Combine(folder.Path, "Bad.cs"), "using Stepwise.Storage;\npublic static class A\n{\n    public static int F() => 1\n}\n");

        var result = await StepwiseCli.RunAsync("workspace", "check", folder.Path);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Bad.cs:1:1: error SW1001: Workspace code cannot import engine module 'Stepwise.Storage'.", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("Bad.cs:4:31: error CS1002: ; expected", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_MissingFolder_ExitsTwo()
    {
        var result = await StepwiseCli.RunAsync("workspace", "check", Path.Combine(folder.Path, "nope"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("not found", result.Stderr, StringComparison.Ordinal);
    }
}
