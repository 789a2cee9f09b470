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
    public async Task Invoke_NoVerb_ExitsTwo()
    {
        var result = await StepwiseCli.RunAsync();

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("Run 'stepwise --help' for usage.", result.Stderr, StringComparison.Ordinal);
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
