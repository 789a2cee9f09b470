using Stepwise.Cli.Tests.Support;

namespace Stepwise.Cli.Tests;

/// <summary><c>stepwise run X.cs</c> and <c>run NAME --workspace DIR</c>: code workflows in this process, durable with --db.</summary>
public sealed partial class ResumeCommandTests
{
    private static string Slow(string url, string version) => $$"""
        using Stepwise.Sdk;

        public static class Slow
        {
            [Workflow("slow_code")]
            public static async Task<string> RunAsync(IWorkflowContext context, string tag = "t")
            {
                await context.StepAsync("before", async ct => { using var r = await context.Http.PostAsync("{{url}}/before", null, ct); return 1; });
                await context.DelayAsync(TimeSpan.FromSeconds(5));
                await context.StepAsync("after", async ct => { using var r = await context.Http.PostAsync("{{url}}/after", null, ct); return 1; });
                return "{{version}} " + tag;
            }
        }
        """;

    [Fact]
    public async Task RunCs_FileAndWorkspaceByName_PrintTheOutput()
    {
        using var folder = new TempFolder();
        var file = folder.Write("Hello.cs", """
            using Stepwise.Sdk;

            public static class Hello
            {
                [Workflow("hello")]
                public static Task<string> RunAsync(IWorkflowContext context, [Param(Required = true)] string name) =>
                    context.StepAsync("say", ct => Task.FromResult($"hello {name}"));
            }
            """);

        var byFile = await StepwiseCli.RunAsync("run", file, "--input", """{"name":"Ada"}""");
        var byName = await StepwiseCli.RunAsync("run", "hello", "--workspace", folder.Path, "--input", """{"name":"Bo"}""");
        var unknown = await StepwiseCli.RunAsync("run", "nope", "--workspace", folder.Path);
        var missingParam = await StepwiseCli.RunAsync("run", file);
        var noFolder = await StepwiseCli.RunAsync("run", "hello", "--workspace", Path.Combine(folder.Path, "none"));

        Assert.True(byFile.ExitCode == 0, byFile.ToString());
        JsonAssert.Equivalent("\"hello Ada\"", byFile.Stdout);
        Assert.True(byName.ExitCode == 0, byName.ToString());
        JsonAssert.Equivalent("\"hello Bo\"", byName.Stdout);
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains($"stepwise: Workflow 'nope' not found in the workspace {folder.Path}; it has: hello", unknown.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, missingParam.ExitCode);
        Assert.Contains("stepwise: Missing required parameter: name", missingParam.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, noFolder.ExitCode);
        Assert.Contains("Folder not found:", noFolder.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunCs_BrokenWorkspace_ExitsOneWithFileLineColumn()
    {
        using var folder = new TempFolder();
        var file = folder.Write("Broken.cs", "public static class A\n{\n    public static int F() => 1\n}\n");

        var result = await StepwiseCli.RunAsync("run", file);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Broken.cs:3:31: error CS1002: ; expected", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("does not build (1 error(s))", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResumeCs_AfterKillAndAnEditedFile_FinishesOnTheCodeItStartedWith()
    {
        using var server = new LocalHttpServer((_, _) => (200, "{}"));
        using var folder = new TempFolder();
        var file = folder.Write("Slow.cs", Slow(server.BaseUrl, "v1"));
        var database = folder.File("runs.db");

        string executionId;
        using (var run = CliProcess.Start(["run", file, "--db", database], environment: ShortLease))
        {
            await run.WaitForStderrLineAsync(line => line.StartsWith("execution ", StringComparison.Ordinal), Patience);
            executionId = ExecutionLine().Match(run.StderrSoFar).Groups["id"].Value;
            await WaitUntilRecordedAsync(database, executionId, "delay");
            run.Kill();
            await run.WaitForExitAsync(Patience);
        }

        File.WriteAllText(file, Slow(server.BaseUrl, "v2"));
        var resumed = await StepwiseCli.RunAsync(["resume", "--db", database], ShortLease);

        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        JsonAssert.Equivalent("\"v1 t\"", resumed.Stdout);
        Assert.Equal(1, server.Hits("/before"));
        Assert.Equal(1, server.Hits("/after"));
    }
}
