using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Stepwise.Cli.Tests.Support;

namespace Stepwise.Cli.Tests;

public sealed class ValidateCommandTests
{
    public static TheoryData<string> ValidExamples => ExampleFiles.Valid();

    public static TheoryData<string> InvalidExamples => ExampleFiles.Invalid();

    [Theory]
    [MemberData(nameof(ValidExamples))]
    public async Task Validate_Example_PrintsOkAndExitsZero(string file)
    {
        var result = await StepwiseCli.RunAsync("validate", file, "--workflows", "examples");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal($"{file}: ok", result.Stdout.TrimEnd('\n'));
        Assert.Empty(result.Stderr);
    }

    [Theory]
    [MemberData(nameof(InvalidExamples))]
    public async Task Validate_InvalidExample_PrintsExpectedMessageWithPositionAndExitsOne(string file)
    {
        var expected = ExampleFiles.ExpectedMessage(file);

        var result = await StepwiseCli.RunAsync("validate", file);

        Assert.True(result.ExitCode == 1, result.ToString());
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, line =>
            line.StartsWith(file + ":", StringComparison.Ordinal)
            && Regex.IsMatch(line[(file.Length + 1)..], @"^\d+:\d+: ")
            && line.Contains(expected, StringComparison.Ordinal));
        Assert.DoesNotContain($"{file}: ok", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_EveryExampleAtOnce_PrintsOkForEachAndExitsZero()
    {
        var files = ExampleFiles.ValidPaths();

        var result = await StepwiseCli.RunAsync(["validate", "--workflows", "examples", .. files], environment: null);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(files.Select(f => $"{f}: ok"), result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Validate_ParentWithItsChildInTheSameCommand_ChecksTheChildWithoutAWarning()
    {
        var result = await StepwiseCli.RunAsync("validate", "examples/process_all.yaml", "examples/process_batch.yaml");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(
            ["examples/process_all.yaml: ok", "examples/process_batch.yaml: ok"],
            result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.DoesNotContain("not checked", result.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_ParentWhoseChildIsNotInTheCommand_WarnsThatItIsNotChecked()
    {
        var result = await StepwiseCli.RunAsync("validate", "examples/process_all.yaml", "examples/greet.yaml");

        Assert.True(result.ExitCode == 0, result.ToString());
        var claim = DocClaim.Quote(
            "docs/troubleshooting.md", "`warning: ... workflow 'process_batch' is not checked: it is not among the files validated together`");
        Assert.True(claim.OccursIn(result.ToString()), claim.Mismatch(result.ToString()));
    }

    [Fact]
    public async Task Validate_OneFileWithAChild_WarnsAsTroubleshootingSays()
    {
        var result = await StepwiseCli.RunAsync("validate", "examples/process_all.yaml");

        var claim = DocClaim.Quote(
            "docs/troubleshooting.md", "`warning: ... workflow 'process_batch' is not checked: no other workflows are known here`");
        Assert.True(claim.OccursIn(result.ToString()), claim.Mismatch(result.ToString()));
    }

    [Fact]
    public async Task Validate_JsonWithLoneSurrogate_ReportsItAndContinuesTheBatch()
    {
        using var folder = new TempFolder("stepwise-validate-unicode-");
        var bad = Path.Combine(folder.Path, "bad.json");
        var bad2 = Path.Combine(folder.Path, "bad-key.json");
        File.WriteAllText(bad, "{\"name\": \"a\\ud800\", \"nodes\": []}");
        File.WriteAllText(bad2, "{\"\\udc00\": 1}");

        var result = await StepwiseCli.RunAsync("validate", bad, bad2, "examples/greet.yaml");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains($"{bad}:1:10: Invalid JSON: a string holds invalid Unicode (a lone surrogate such as \\ud800)", result.Stdout, StringComparison.Ordinal);
        Assert.Contains($"{bad2}:1:2: Invalid JSON: a string holds invalid Unicode", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("examples/greet.yaml: ok", result.Stdout, StringComparison.Ordinal);
        Assert.Empty(result.Stderr);
    }

    [Fact]
    public async Task Validate_ValidAndInvalidFiles_ReportsBothAndExitsOne()
    {
        var result = await StepwiseCli.RunAsync("validate", "examples/greet.yaml", "examples/invalid/cycle.yaml");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("examples/greet.yaml: ok", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("examples/invalid/cycle.yaml:", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_SubWorkflowWithoutWorkflowsFolder_WarnsAndExitsZero()
    {
        var result = await StepwiseCli.RunAsync("validate", "examples/process_all.yaml");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Matches(@"(?m)^examples/process_all\.yaml:\d+:\d+: warning: .*process_batch", result.Stdout);
        Assert.Contains("examples/process_all.yaml: ok", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_SubWorkflowMissingFromWorkflowsFolder_ExitsOneNamingIt()
    {
        using var folder = new TempFolder();
        File.Copy(RepoPaths.Example("process_all.yaml"), folder.File("process_all.yaml"));

        var result = await StepwiseCli.RunAsync("validate", folder.File("process_all.yaml"), "--workflows", folder.Path);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Matches(@"process_all\.yaml:\d+:\d+: .*process_batch", result.Stdout);
    }

    [Fact]
    public async Task Validate_Json_PrintsOneEntryPerFileWithDiagnostics()
    {
        var result = await StepwiseCli.RunAsync(
            "validate", "examples/greet.yaml", "examples/invalid/duplicate_node.yaml", "--output", "json");

        Assert.True(result.ExitCode == 1, result.ToString());
        var entries = JsonNode.Parse(result.Stdout)!.AsArray();
        Assert.Equal(2, entries.Count);

        var valid = entries[0]!.AsObject();
        Assert.Equal("examples/greet.yaml", (string?)valid["file"]);
        Assert.True((bool)valid["valid"]!);
        Assert.Empty(valid["diagnostics"]!.AsArray());

        var invalid = entries[1]!.AsObject();
        Assert.Equal("examples/invalid/duplicate_node.yaml", (string?)invalid["file"]);
        Assert.False((bool)invalid["valid"]!);
        var diagnostic = Assert.Single(invalid["diagnostics"]!.AsArray())!.AsObject();
        Assert.Equal("error", (string?)diagnostic["severity"]);
        Assert.Contains("duplicate node id 'a'", (string?)diagnostic["message"], StringComparison.Ordinal);
        Assert.Equal("examples/invalid/duplicate_node.yaml", (string?)diagnostic["file"]);
        Assert.True((int)diagnostic["line"]! > 0);
        Assert.True((int)diagnostic["column"]! > 0);
    }

    [Theory]
    [InlineData("examples/invalid/undefined_variable.yaml", "ScopeError", "undefined variable")]
    [InlineData("examples/invalid/iterate_string.yaml", "TypeError", "cannot iterate over non-array type 'string'")]
    [InlineData("examples/invalid/wrong_args.yaml", "FunctionError", "wrong number of arguments for 'len': expected 1, got 2")]
    [InlineData("examples/invalid/duplicate_node.yaml", null, "duplicate node id 'a'")]
    public async Task Validate_Json_NamesTheSeedErrorType(string file, string? type, string message)
    {
        var result = await StepwiseCli.RunAsync("validate", file, "--output", "json");

        Assert.True(result.ExitCode == 1, result.ToString());
        var diagnostic = Assert.Single(Assert.Single(JsonNode.Parse(result.Stdout)!.AsArray())!["diagnostics"]!.AsArray())!;
        Assert.Contains(message, (string?)diagnostic["message"], StringComparison.Ordinal);
        Assert.Equal(type, (string?)diagnostic["type"]);
    }

    [Fact]
    public async Task Validate_JsonWithWarning_ReportsWarningSeverityAndValid()
    {
        var result = await StepwiseCli.RunAsync("validate", "examples/process_all.yaml", "-o", "json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var entry = Assert.Single(JsonNode.Parse(result.Stdout)!.AsArray())!.AsObject();
        Assert.True((bool)entry["valid"]!);
        Assert.Contains(entry["diagnostics"]!.AsArray(), d => (string?)d!["severity"] == "warning");
    }

    [Fact]
    public async Task Validate_MissingFile_ExitsTwoNamingTheFile()
    {
        var result = await StepwiseCli.RunAsync("validate", "examples/nope.yaml");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("examples/nope.yaml", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(result.Stdout);
    }

    [Fact]
    public async Task Validate_FolderInsteadOfFile_ExitsTwoNamingIt()
    {
        var result = await StepwiseCli.RunAsync("validate", "examples");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("examples", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_NoFile_ExitsTwo()
    {
        var result = await StepwiseCli.RunAsync("validate");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("Run 'stepwise validate --help' for usage.", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_MissingWorkflowsFolder_ExitsTwoNamingIt()
    {
        var result = await StepwiseCli.RunAsync("validate", "examples/greet.yaml", "--workflows", "no/such/folder");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("no/such/folder", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_UnknownOption_ExitsTwoNamingIt()
    {
        var result = await StepwiseCli.RunAsync("validate", "examples/greet.yaml", "--strict");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("'--strict'", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("broken.yaml", "name: x\nnodes: [ {id: a, type: log\n")]
    [InlineData("empty.yaml", "")]
    [InlineData("broken.json", "{\"name\": \"x\", \"nodes\": [")]
    [InlineData("list.yaml", "- just\n- a list\n")]
    public async Task Validate_MalformedFile_ExitsOneWithoutStackTrace(string name, string content)
    {
        using var folder = new TempFolder();
        var file = folder.Write(name, content);

        var result = await StepwiseCli.RunAsync("validate", file);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.StartsWith(file + ":", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stdout + result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", result.Stdout + result.Stderr, StringComparison.Ordinal);
    }
}
