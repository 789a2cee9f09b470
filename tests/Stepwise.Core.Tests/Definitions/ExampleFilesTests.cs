using Stepwise.Core.Definitions;

namespace Stepwise.Core.Tests.Definitions;

public sealed class ExampleFilesTests
{
    public static TheoryData<string> InvalidExamples() =>
        [.. Directory.EnumerateFiles(Path.Combine(DefinitionTestKit.ExamplesFolder, "invalid")).Select(p => Path.GetFileName(p)).Order()];

    [Fact]
    public async Task LoadFolderAsync_Examples_EveryFileValidWithoutWarnings()
    {
        var set = await WorkflowSet.LoadFolderAsync(DefinitionTestKit.ExamplesFolder, DefinitionTestKit.Registry);

        Assert.True(set.Files.Count >= 9, $"only {set.Files.Count} example files");
        Assert.Empty(set.Diagnostics);
        foreach (var file in set.Files)
        {
            Assert.True(file.Result.Succeeded, $"{file.Path}:\n{string.Join("\n", file.Result.Diagnostics)}");
            Assert.Empty(file.Result.Diagnostics);
        }

        Assert.True(set.IsValid);
    }

    [Theory]
    [MemberData(nameof(InvalidExamples))]
    public async Task LoadFileAsync_InvalidExample_FailsWithTheExpectedMessage(string name)
    {
        var path = Path.Combine(DefinitionTestKit.ExamplesFolder, "invalid", name);
        var expected = File.ReadLines(path).First(l => l.StartsWith("# expect:", StringComparison.Ordinal))["# expect:".Length..].Trim();

        var result = await WorkflowLoader.LoadFileAsync(path, DefinitionTestKit.Registry);

        Assert.False(result.Succeeded);
        Assert.Contains(result.Errors, d => d.Message.Contains(expected, StringComparison.Ordinal));
        Assert.All(result.Errors, d => Assert.True(d.Location is { Line: > 0 }, $"no position: {d}"));
        Assert.All(result.Errors, d => Assert.Equal(path, d.Location!.File));
    }

    [Fact]
    public async Task LoadFileAsync_ProcessAllAlone_WarnsThatTheChildIsNotChecked()
    {
        var result = await WorkflowLoader.LoadFileAsync(Path.Combine(DefinitionTestKit.ExamplesFolder, "process_all.yaml"), DefinitionTestKit.Registry);

        Assert.True(result.Succeeded);
        var warning = Assert.Single(result.Warnings);
        Assert.Contains("workflow 'process_batch' is not checked", warning.Message, StringComparison.Ordinal);
        Assert.Equal(16, warning.Location!.Line);
    }

    [Fact]
    public async Task LoadFolderAsync_ProcessAll_TypesTheChildOutput()
    {
        var set = await WorkflowSet.LoadFolderAsync(DefinitionTestKit.ExamplesFolder, DefinitionTestKit.Registry);

        Assert.Equal("object", set.GetOutputType("process_batch")!.ToString());
        Assert.Equal("processed", Assert.Single(set.GetOutputType("process_batch")!.Fields).Key);
        Assert.True(set.TryGet("process_all", out var parent));
        Assert.Equal("foreach", parent!.Nodes[0].Type);
        Assert.Equal("workflow", parent.Nodes[0].Templates["node"].Type);
    }

    [Fact]
    public async Task LoadFileAsync_MissingFile_IsADiagnostic()
    {
        var result = await WorkflowLoader.LoadFileAsync(Path.Combine(DefinitionTestKit.ExamplesFolder, "nope.yaml"), DefinitionTestKit.Registry);

        Assert.StartsWith("cannot read the file", Assert.Single(result.Errors).Message, StringComparison.Ordinal);
    }
}
