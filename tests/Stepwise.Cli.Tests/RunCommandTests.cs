using Stepwise.Cli.Tests.Support;

namespace Stepwise.Cli.Tests;

public sealed class RunCommandTests
{
    [Theory]
    [InlineData("examples/greet.yaml", """{"name":"Ada","n":21}""", """{"doubled": 42, "greeting": "hello Ada"}""")]
    [InlineData("examples/branch.yaml", """{"amount": 250}""", """{"route": "review", "amount": 250}""")]
    [InlineData("examples/branch.yaml", """{"amount": 50}""", """{"route": "auto", "amount": 50}""")]
    [InlineData("examples/chain10.yaml", "{}", """{"count": 10}""")]
    [InlineData("examples/fanout40.yaml", "{}", """{"sum": 20540}""")]
    [InlineData("examples/process_batch.yaml", """{"batch": [1, 2]}""", """{"processed": 2}""")]
    [InlineData("examples/saga.yaml", """{"fail_charge": false}""", "{}")]
    public async Task Run_Example_PrintsTheOutputItsCommentStates(string file, string input, string expected)
    {
        var result = await StepwiseCli.RunAsync("run", file, "--input", input);

        Assert.True(result.ExitCode == 0, result.ToString());
        JsonAssert.Equivalent(expected, result.Stdout);
    }

    [Fact]
    public async Task Run_ProcessAllWithWorkflowsFolder_RunsChildWorkflows()
    {
        var result = await StepwiseCli.RunAsync(
            "run", "examples/process_all.yaml", "--workflows", "examples", "--input", """{"items":[1,2,3,4,5,6,7]}""");

        Assert.True(result.ExitCode == 0, result.ToString());
        JsonAssert.Equivalent("""{"processed": 7, "batches": 3}""", result.Stdout);
    }

    [Fact]
    public async Task Run_ProcessAllWithoutWorkflowsFolder_FailsNamingTheMissingChild()
    {
        var result = await StepwiseCli.RunAsync("run", "examples/process_all.yaml", "--input", """{"items":[1]}""");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("process_batch", result.Stderr, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^stepwise: run failed: node 'batches' failed", result.Stderr);
    }

    [Fact]
    public async Task Run_Nightly_LogsTheReportLine()
    {
        var result = await StepwiseCli.RunAsync("run", "examples/nightly.yaml");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("log say: report for active at ", result.Stderr, StringComparison.Ordinal);
        JsonAssert.Equivalent("""{"say": null}""", result.Stdout);
    }

    [Fact]
    public async Task Run_HttpRetryAgainstServerFailingTwice_SucceedsOnTheThirdAttempt()
    {
        using var server = new LocalHttpServer((_, hit) => hit <= 2 ? (500, """{"error":"try again"}""") : (200, """{"ok":true}"""));

        var result = await StepwiseCli.RunAsync(
            "run", "examples/http_retry.yaml", "--input", $$"""{"url":"{{server.Url("/flaky")}}"}""");

        Assert.True(result.ExitCode == 0, result.ToString());
        JsonAssert.Equivalent("""{"status": 200, "ok": true}""", result.Stdout);
        Assert.Equal(3, server.Hits("/flaky"));
        Assert.Equal(2, result.Stderr.Split('\n').Count(line => line.StartsWith("step call: retry scheduled", StringComparison.Ordinal)));

        // docs/cli.md shows this progress line: the wait, and the attempt that failed with its error.
        var claim = DocClaim.Quote("docs/cli.md", "step call: retry scheduled in 200ms (attempt 1: GET http://... returned 500, expected 200: ...)");
        var first = result.Stderr.Split('\n').First(line => line.StartsWith("step call: retry scheduled", StringComparison.Ordinal));
        Assert.True(claim.Matches(first), claim.Mismatch(first));
    }

    [Fact]
    public async Task Run_SagaWithFailingCharge_CompensatesInReverseOrderAndExitsOne()
    {
        var result = await StepwiseCli.RunAsync("run", "examples/saga.yaml");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Empty(result.Stdout);
        Assert.Contains("stepwise: run compensated", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("node 'charge' failed: card declined", result.Stderr, StringComparison.Ordinal);
        var undoStock = result.Stderr.IndexOf("undo take stock", StringComparison.Ordinal);
        var undoSeat = result.Stderr.IndexOf("undo reserve seat", StringComparison.Ordinal);
        Assert.True(undoStock >= 0 && undoSeat > undoStock, result.ToString());
    }

    [Fact]
    public async Task Run_NotATerminal_WritesPlainProgressLinesToStderr()
    {
        var result = await StepwiseCli.RunAsync("run", "examples/chain10.yaml");

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.Stderr.Split('\n');
        Assert.Contains(lines, line => line.StartsWith("step s1: succeeded", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.StartsWith("step s10: succeeded", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.StartsWith("run succeeded", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Run_WithDb_PrintsExecutionIdFirstAndRecordsTheRun()
    {
        using var folder = new TempFolder();

        var result = await StepwiseCli.RunAsync(
            "run", "examples/greet.yaml", "--db", folder.File("runs.db"), "--input", """{"name":"Bo","n":1}""");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Matches(@"^execution [0-9a-f-]{36}\n", result.Stderr);
        JsonAssert.Equivalent("""{"doubled": 2, "greeting": "hello Bo"}""", result.Stdout);
        Assert.True(File.Exists(folder.File("runs.db")));
    }

    [Fact]
    public async Task Run_InputFile_ReadsParams()
    {
        using var folder = new TempFolder();
        var input = folder.Write("input.json", """{"name":"Cy","n":5}""");

        var result = await StepwiseCli.RunAsync("run", "examples/greet.yaml", "--input-file", input);

        Assert.True(result.ExitCode == 0, result.ToString());
        JsonAssert.Equivalent("""{"doubled": 10, "greeting": "hello Cy"}""", result.Stdout);
    }

    [Theory]
    [InlineData("""{"n":21}""", "Missing required parameter: name")]
    [InlineData("""{"name":"Ada","n":"x"}""", "Parameter 'n' validation failed: ")]
    [InlineData("""{"name":"Ada","n":2,"extra":1}""", "Unknown parameter 'extra'")]
    public async Task Run_InvalidParams_PrintsTheValidationMessageAndExitsOne(string input, string message)
    {
        var result = await StepwiseCli.RunAsync("run", "examples/greet.yaml", "--input", input);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains($"stepwise: {message}", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(result.Stdout);
    }

    [Fact]
    public async Task Run_InvalidWorkflow_PrintsDiagnosticsAndExitsOne()
    {
        var result = await StepwiseCli.RunAsync("run", "examples/invalid/duplicate_node.yaml");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Matches(@"^examples/invalid/duplicate_node\.yaml:\d+:\d+: .*duplicate node id 'a'", result.Stderr);
    }

    [Theory]
    [InlineData("{not json", "--input is not valid JSON")]
    [InlineData("[1, 2]", "--input must be a JSON object of params")]
    public async Task Run_MalformedInput_ExitsTwoNamingTheProblem(string input, string message)
    {
        var result = await StepwiseCli.RunAsync("run", "examples/greet.yaml", "--input", input);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(message, result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_InputAndInputFile_ExitsTwo()
    {
        var result = await StepwiseCli.RunAsync("run", "examples/greet.yaml", "--input", "{}", "--input-file", "x.json");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("use either --input or --input-file, not both", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_MissingInputFile_ExitsTwoNamingIt()
    {
        var result = await StepwiseCli.RunAsync("run", "examples/greet.yaml", "--input-file", "no-such-input.json");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("input file not found: 'no-such-input.json'", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_MissingWorkflowFile_ExitsTwoNamingIt()
    {
        var result = await StepwiseCli.RunAsync("run", "examples/nope.yaml");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("File not found: 'examples/nope.yaml'", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_PayloadOverTheBound_FailsTheStepGivingBothSizes()
    {
        var result = await StepwiseCli.RunAsync(
            ["run", "examples/fanout40.yaml"],
            new Dictionary<string, string> { ["STEPWISE_MAX_PAYLOAD"] = "512B" });

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("over the 512 B limit", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_PayloadBoundWithUnit_Accepted()
    {
        var result = await StepwiseCli.RunAsync(
            ["run", "examples/chain10.yaml"],
            new Dictionary<string, string> { ["STEPWISE_MAX_PAYLOAD"] = "4MB" });

        Assert.True(result.ExitCode == 0, result.ToString());
    }

    [Fact]
    public async Task Run_BadPayloadBound_ExitsTwoNamingTheVariable()
    {
        var result = await StepwiseCli.RunAsync(
            ["run", "examples/chain10.yaml"],
            new Dictionary<string, string> { ["STEPWISE_MAX_PAYLOAD"] = "lots" });

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("STEPWISE_MAX_PAYLOAD='lots' is not a size", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_DbIsAFolder_ExitsOneNamingIt()
    {
        using var folder = new TempFolder();

        var result = await StepwiseCli.RunAsync("run", "examples/chain10.yaml", "--db", folder.Path);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains($"stepwise: cannot open the database '{folder.Path}': ", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("(Parameter", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_DbIsNotADatabase_ExitsOneNamingIt()
    {
        using var folder = new TempFolder();
        var notADatabase = folder.Write("notes.db", "just some text, not SQLite\n");

        var result = await StepwiseCli.RunAsync("run", "examples/chain10.yaml", "--db", notADatabase);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains($"stepwise: cannot open the database '{notADatabase}': ", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
    }
}
