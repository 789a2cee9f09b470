using System.Text.RegularExpressions;
using Stepwise.Cli.Tests.Support;
using Stepwise.Storage.Sqlite;

namespace Stepwise.Cli.Tests;

public sealed partial class ResumeCommandTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    // A short lease: after the kill, resume waits at most this long for the dead process's claim to run out.
    private static readonly Dictionary<string, string> ShortLease = new() { ["STEPWISE_LEASE"] = "2s" };

    [Fact]
    public async Task Resume_AfterKillDuringDelay_FinishesAndRunsEarlierStepsOnce()
    {
        using var server = new LocalHttpServer((path, _) => (200, $$"""{"path":"{{path}}"}"""));
        using var folder = new TempFolder();
        var workflow = folder.Write("slow.yaml", $$$"""
            name: slow
            nodes:
              - { id: before, type: http, with: { method: POST, url: "{{{server.Url("/before")}}}" } }
              - { id: pause, type: delay, with: { duration: 5s } }
              - { id: after, type: http, with: { method: POST, url: "{{{server.Url("/after")}}}" } }
            output:
              before: ${{ nodes.before.output.body.path }}
              after: ${{ nodes.after.output.body.path }}
            """);
        var database = folder.File("runs.db");

        string executionId;
        using (var run = CliProcess.Start(["run", workflow, "--db", database], environment: ShortLease))
        {
            await run.WaitForStderrLineAsync(line => line.StartsWith("execution ", StringComparison.Ordinal), Patience);
            executionId = ExecutionLine().Match(run.StderrSoFar).Groups["id"].Value;
            await WaitUntilRecordedAsync(database, executionId, "pause");
            run.Kill();
            await run.WaitForExitAsync(Patience);
        }

        Assert.Equal(1, server.Hits("/before"));
        Assert.Equal(0, server.Hits("/after"));

        var resumed = await StepwiseCli.RunAsync(["resume", "--db", database], ShortLease);

        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        Assert.Contains($"execution {executionId}: succeeded", resumed.Stderr, StringComparison.Ordinal);
        JsonAssert.Equivalent("""{"before": "/before", "after": "/after"}""", resumed.Stdout);
        Assert.Equal(1, server.Hits("/before"));
        Assert.Equal(1, server.Hits("/after"));
    }

    [Fact]
    public async Task Resume_ById_AfterKill_Finishes()
    {
        using var folder = new TempFolder();
        var workflow = folder.Write("wait.yaml", """
            name: wait
            nodes:
              - { id: first, type: transform, with: { n: 1 } }
              - { id: pause, type: delay, with: { duration: 2s } }
              - { id: last, type: transform, with: { n: "${{ nodes.first.output.n + 1 }}" } }
            output: ${{ nodes.last.output }}
            """);
        var database = folder.File("runs.db");

        string executionId;
        using (var run = CliProcess.Start(["run", workflow, "--db", database], environment: ShortLease))
        {
            await run.WaitForStderrLineAsync(line => line.StartsWith("execution ", StringComparison.Ordinal), Patience);
            executionId = ExecutionLine().Match(run.StderrSoFar).Groups["id"].Value;
            await WaitUntilRecordedAsync(database, executionId, "pause");
            run.Kill();
            await run.WaitForExitAsync(Patience);
        }

        var resumed = await StepwiseCli.RunAsync(["resume", executionId, "--db", database], ShortLease);

        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        JsonAssert.Equivalent("""{"n": 2}""", resumed.Stdout);
    }

    [Fact]
    public async Task Resume_NothingUnfinished_SaysSoAndExitsZero()
    {
        using var folder = new TempFolder();
        var database = folder.File("runs.db");
        var first = await StepwiseCli.RunAsync("run", "examples/chain10.yaml", "--db", database);
        Assert.True(first.ExitCode == 0, first.ToString());

        var result = await StepwiseCli.RunAsync("resume", "--db", database);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("no unfinished runs", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(result.Stdout);
    }

    [Fact]
    public async Task Resume_FinishedRunById_ReportsItsOutcome()
    {
        using var folder = new TempFolder();
        var database = folder.File("runs.db");
        var first = await StepwiseCli.RunAsync("run", "examples/chain10.yaml", "--db", database);
        var executionId = ExecutionLine().Match(first.Stderr).Groups["id"].Value;

        var result = await StepwiseCli.RunAsync("resume", executionId, "--db", database);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("had already finished", result.Stderr, StringComparison.Ordinal);
        JsonAssert.Equivalent("""{"count": 10}""", result.Stdout);
    }

    [Fact]
    public async Task Resume_UnknownId_ExitsOneNamingIt()
    {
        using var folder = new TempFolder();
        var database = folder.File("runs.db");
        await StepwiseCli.RunAsync("run", "examples/chain10.yaml", "--db", database);

        var result = await StepwiseCli.RunAsync("resume", "no-such-run", "--db", database);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("execution 'no-such-run' not found", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resume_MissingDatabase_ExitsTwoNamingIt()
    {
        var result = await StepwiseCli.RunAsync("resume", "--db", "no/such/runs.db");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("Database not found: 'no/such/runs.db'", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resume_WithoutDb_ExitsTwo()
    {
        var result = await StepwiseCli.RunAsync("resume");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("--db", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_CtrlCDuringDelay_StopsAtStepBoundaryWithExit130()
    {
        using var folder = new TempFolder();
        var workflow = folder.Write("long.yaml", """
            name: long
            nodes:
              - { id: first, type: transform, with: { n: 1 } }
              - { id: pause, type: delay, with: { duration: 1h } }
              - { id: never, type: transform, with: { n: 2 } }
            """);

        using var run = CliProcess.Start(["run", workflow]);
        await run.WaitForStderrLineAsync(line => line.StartsWith("step pause: running", StringComparison.Ordinal), Patience);
        Signals.Interrupt(run.Id);
        var result = await run.WaitForExitAsync(Patience);

        Assert.True(result.ExitCode == 130, result.ToString());
        Assert.Contains("stepwise: run cancelled", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("step never:", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(result.Stdout);
    }

    /// <summary>
    /// Waits until the database holds the step: the writer commits in order, so every step before it is durable
    /// too, and a kill from now on cannot lose them.
    /// </summary>
    private static async Task WaitUntilRecordedAsync(string database, string executionId, string stepId)
    {
        await using var storage = await SqliteStorage.OpenAsync(database, TimeProvider.System);
        using var timeout = new CancellationTokenSource(Patience);
        while (!(await storage.Executions.GetStepsAsync(executionId, timeout.Token)).Any(step => step.StepId == stepId))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50), timeout.Token);
        }
    }

    [GeneratedRegex(@"execution (?<id>[0-9a-f-]{36})")]
    private static partial Regex ExecutionLine();
}
