using System.Text.Json.Nodes;
using Stepwise.Cli.Tests.Support;

namespace Stepwise.Cli.Tests;

public sealed class ParseCommandTests
{
    [Fact]
    public async Task Parse_Greet_PrintsNormalizedDefinitionWithDefaults()
    {
        var result = await StepwiseCli.RunAsync("parse", "examples/greet.yaml", "--output", "json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var definition = JsonNode.Parse(result.Stdout)!.AsObject();
        Assert.Equal("greet", (string?)definition["name"]);
        Assert.Equal("5m", (string?)definition["timeout"]);
        Assert.Equal(8, (int)definition["max_parallel_nodes"]!);
        Assert.Equal(5, (int)definition["priority"]!);
        Assert.Equal("stop", (string?)definition["on_failure"]);
        Assert.Equal(["name", "n"], definition["params"]!.AsArray().Select(p => (string?)p!["name"]));
        Assert.Equal("shape", (string?)definition["nodes"]![0]!["id"]);
    }

    [Fact]
    public async Task Parse_Expression_ShowsItsSyntaxTree()
    {
        var result = await StepwiseCli.RunAsync("parse", "examples/greet.yaml");

        Assert.True(result.ExitCode == 0, result.ToString());
        var doubled = JsonNode.Parse(result.Stdout)!["nodes"]![0]!["with"]!["doubled"]!;
        Assert.Equal("expression", (string?)doubled["kind"]);
        var tree = doubled["tree"]!;
        Assert.Equal("binary", (string?)tree["kind"]);
        Assert.Equal("*", (string?)tree["op"]);
    }

    [Fact]
    public async Task Parse_InvalidFile_PrintsDiagnosticsOnStderrAndExitsOne()
    {
        var result = await StepwiseCli.RunAsync("parse", "examples/invalid/cycle.yaml");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Empty(result.Stdout);
        Assert.Matches(@"^examples/invalid/cycle\.yaml:\d+:\d+: .*cycle", result.Stderr);
    }

    [Fact]
    public async Task Parse_MissingFile_ExitsTwoNamingIt()
    {
        var result = await StepwiseCli.RunAsync("parse", "missing.yaml");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("File not found: 'missing.yaml'", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Parse_TextOutput_ExitsTwoExplaining()
    {
        var result = await StepwiseCli.RunAsync("parse", "examples/greet.yaml", "--output", "text");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("Unknown output format 'text'", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Parse_TwoFiles_ExitsTwo()
    {
        var result = await StepwiseCli.RunAsync("parse", "examples/greet.yaml", "examples/branch.yaml");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("'examples/branch.yaml'", result.Stderr, StringComparison.Ordinal);
    }
}
