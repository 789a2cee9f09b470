using System.Text.Json.Nodes;
using Stepwise.Cli.Tests.Support;

namespace Stepwise.Cli.Tests;

public sealed class VersionCommandTests
{
    [Fact]
    public async Task Version_Text_PrintsProgramAndRuntime()
    {
        var result = await StepwiseCli.RunAsync("version");

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("stepwise 0.1.0", lines[0]);
        Assert.Contains(".NET", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Version_Json_HasVersionAndRuntime()
    {
        var result = await StepwiseCli.RunAsync("version", "--output", "json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var json = JsonNode.Parse(result.Stdout)!.AsObject();
        Assert.Equal("0.1.0", (string?)json["version"]);
        Assert.StartsWith(".NET", (string?)json["runtime"], StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty((string?)json["runtime_identifier"]));
    }
}
