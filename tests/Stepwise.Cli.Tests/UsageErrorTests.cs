using Stepwise.Cli.Tests.Support;

namespace Stepwise.Cli.Tests;

public sealed class UsageErrorTests
{
    [Fact]
    public async Task Invoke_UnknownVerb_ExitsTwoNamingIt()
    {
        var result = await StepwiseCli.RunAsync("frobnicate");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("'frobnicate'", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(result.Stdout);
    }

    [Fact]
    public async Task Invoke_NoVerb_PrintsHelpAndExitsZero()
    {
        var result = await StepwiseCli.RunAsync();

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Commands:", result.Stdout, StringComparison.Ordinal);
        Assert.Empty(result.Stderr);
    }

    [Fact]
    public async Task Help_Verb_PrintsHelpAndExitsZero()
    {
        var root = await StepwiseCli.RunAsync("help");
        var verb = await StepwiseCli.RunAsync("help", "schedules", "next");

        Assert.True(root.ExitCode == 0, root.ToString());
        Assert.Contains("Commands:", root.Stdout, StringComparison.Ordinal);
        Assert.True(verb.ExitCode == 0, verb.ToString());
        Assert.Contains("--count", verb.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_MistypedVerb_SuggestsTheVerb()
    {
        var result = await StepwiseCli.RunAsync("deplyo", "flow.yaml");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("stepwise: Unrecognized command or argument 'deplyo'; did you mean 'deploy'?", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Required command was not provided", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("'flow.yaml'", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_MistypedOption_SuggestsTheOption()
    {
        var result = await StepwiseCli.RunAsync("version", "--outptu", "json");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("'--outptu'; did you mean '--output'?", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_GroupWithoutVerb_ListsItsVerbs()
    {
        var result = await StepwiseCli.RunAsync("orgs");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("stepwise: 'stepwise orgs' needs one of: create, list", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Required command was not provided", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("start greet --wait forever", "Invalid value 'forever' for --wait: expected a duration from 1ms to 5m, such as 30s.")]
    [InlineData("executions retry x --wait 10m", "Invalid value '10m' for --wait")]
    [InlineData("executions list --limit 0", "Invalid value '0' for --limit: expected a whole number from 1 to 200.")]
    [InlineData("executions list --since yesterday", "Invalid value 'yesterday' for --since: expected an ISO 8601 time")]
    [InlineData("jobs purge --status failed --older-than soon", "Invalid value 'soon' for --older-than: expected a duration such as 24h or 7d.")]
    [InlineData("records process r1 --wait never", "Invalid value 'never' for --wait")]
    [InlineData("schedules next nightly --count 0", "--count must be a whole number from 1 to 100, got '0'")]
    public async Task ClientOption_BadValue_ExitsTwoNamingTheFlag(string command, string expected)
    {
        var result = await StepwiseCli.RunAsync([.. command.Split(' '), "--key", "sw_test", "--server", "http://127.0.0.1:9"], null);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(expected, result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("run examples/greet.yaml --input {\"name\":x}", "--input is not valid JSON at line 1, column 9: 'x' is an invalid start of a value.")]
    [InlineData("start greet --input {\"n\":", "--input is not valid JSON at line 1, column 6:")]
    public async Task JsonInput_SyntaxError_NamesLineAndColumnInHumanTerms(string command, string expected)
    {
        var result = await StepwiseCli.RunAsync([.. command.Split(' '), .. command.StartsWith("start", StringComparison.Ordinal) ? (string[])["--key", "sw_test", "--server", "http://127.0.0.1:9"] : []], null);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(expected, result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("BytePositionInLine", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resume_Help_SaysTheDatabaseMustExist()
    {
        var result = await StepwiseCli.RunAsync("resume", "--help");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("must exist", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("created when missing", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NestedVerb_MissingArgument_HintNamesTheWholeCommand()
    {
        var result = await StepwiseCli.RunAsync("orgs", "create");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("Run 'stepwise orgs create --help' for usage.", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Version_UnknownOption_ExitsTwoNamingIt()
    {
        var result = await StepwiseCli.RunAsync("version", "--shiny");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("'--shiny'", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Version_UnknownOutputFormat_ExitsTwoNamingIt()
    {
        var result = await StepwiseCli.RunAsync("version", "--output", "xml");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("Unknown output format 'xml'", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_Root_ListsVerbsAndExitsZero()
    {
        var result = await StepwiseCli.RunAsync("--help");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("version", result.Stdout, StringComparison.Ordinal);
    }
}
