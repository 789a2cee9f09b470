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

    private const string Hello = """
        using Stepwise.Sdk;

        public static class Hello
        {
            [Workflow("hello")]
            public static Task<string> RunAsync(IWorkflowContext context) => context.StepAsync("say", ct => Task.FromResult("VALUE"));
        }
        """;

    [Fact]
    public async Task Protect_ChangeToAProtectedPath_ExitsThreeUnlessTheAuthorIsAllowed()
    {
        await GitAsync("init", "-q", "-b", "main");
        Directory.CreateDirectory(Path.Combine(folder.Path, "payments"));
        File.WriteAllText(Path.Combine(folder.Path, "payments", "Hello.cs"), Hello.Replace("VALUE", "v1", StringComparison.Ordinal));
        File.WriteAllText(Path.Combine(folder.Path, "Other.cs"), "public static class Other { }");
        await GitAsync("add", "-A");
        await GitAsync("-c", "user.name=Base", "-c", "user.email=base@example.com", "commit", "-q", "-m", "base");
        await GitAsync("branch", "base");
        File.WriteAllText(Path.Combine(folder.Path, "Other.cs"), "public static class Other { public static int X => 1; }");
        await GitAsync("-c", "user.name=Eve", "-c", "user.email=eve@example.com", "commit", "-q", "-am", "other");

        var unprotectedOnly = await StepwiseCli.RunAsync("workspace", "check", folder.Path, "--protect", "payments", "--base", "base");
        Assert.True(unprotectedOnly.ExitCode == 0, unprotectedOnly.ToString());

        File.WriteAllText(Path.Combine(folder.Path, "payments", "Hello.cs"), Hello.Replace("VALUE", "v2", StringComparison.Ordinal));
        await GitAsync("-c", "user.name=Eve", "-c", "user.email=eve@example.com", "commit", "-q", "-am", "payments");

        var refused = await StepwiseCli.RunAsync("workspace", "check", folder.Path, "--protect", "payments", "--base", "base");
        var allowed = await StepwiseCli.RunAsync(
            "workspace", "check", folder.Path, "--protect", "payments", "--base", "base", "--allow-author", "eve@example.com");
        var byName = await StepwiseCli.RunAsync(
            "workspace", "check", folder.Path, "--protect", "payments", "--base", "base", "--allow-author", "someone", "Eve");
        var unknownBase = await StepwiseCli.RunAsync("workspace", "check", folder.Path, "--protect", "payments", "--base", "nope");

        Assert.Equal(3, refused.ExitCode);
        Assert.Matches(
            @"protected: commit [0-9a-f]{12} by Eve <eve@example.com> changes payments/Hello.cs, and that author is not in --allow-author",
            refused.Stderr);
        Assert.True(allowed.ExitCode == 0, allowed.ToString());
        Assert.True(byName.ExitCode == 0, byName.ToString());
        Assert.Equal(2, unknownBase.ExitCode);
        Assert.Contains("stepwise: git could not list the changes since 'nope':", unknownBase.Stderr, StringComparison.Ordinal);
    }

    private async Task GitAsync(params string[] args)
    {
        var start = new System.Diagnostics.ProcessStartInfo("git") { WorkingDirectory = folder.Path, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var git = System.Diagnostics.Process.Start(start)!;
        var error = await git.StandardError.ReadToEndAsync();
        await git.WaitForExitAsync();
        Assert.True(git.ExitCode == 0, $"git {string.Join(' ', args)}: {error}");
    }
}
