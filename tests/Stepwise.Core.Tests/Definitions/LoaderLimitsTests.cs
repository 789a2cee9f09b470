using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Stepwise.Core.Definitions;
using Xunit.Abstractions;
using static Stepwise.Core.Tests.Definitions.DefinitionTestKit;

namespace Stepwise.Core.Tests.Definitions;

/// <summary>Big, deep and JSON documents through the whole loader.</summary>
public sealed class LoaderLimitsTests(ITestOutputHelper output)
{
    [Fact]
    public void Load_TwoThousandNodeChain_ValidAndTyped()
    {
        var builder = new StringBuilder("name: long_chain\nnodes:\n  - { id: s0, type: transform, with: { count: 0 } }\n");
        for (var i = 1; i < 2_000; i++)
        {
            builder.Append($"  - {{ id: s{i}, type: transform, with: {{ count: \"${{{{ nodes.s{i - 1}.output.count + 1 }}}}\" }} }}\n");
        }

        builder.Append("output: ${{ nodes.s1999.output.count }}\n");
        var text = builder.ToString();

        var watch = Stopwatch.StartNew();
        var result = Load(text, "long.yaml");
        watch.Stop();

        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics.Take(5)));
        Assert.Equal(2_000, result.Definition!.Nodes.Count);
        Assert.Equal("int", result.OutputType.ToString());
        output.WriteLine($"{text.Length / 1024} KiB, 2000 nodes: {watch.ElapsedMilliseconds} ms");
    }

    [Fact]
    public void Load_WideFanIn_UpstreamTypesStayCheap()
    {
        var builder = new StringBuilder("name: wide\nnodes:\n");
        for (var i = 0; i < 300; i++)
        {
            builder.Append($"  - {{ id: p{i}, type: transform, with: {{ v: {i} }} }}\n");
        }

        builder.Append("  - { id: join, type: transform, with: { total: \"${{ nodes.p0.output.v + nodes.p299.output.v }}\" } }\nconnections:\n");
        for (var i = 0; i < 300; i++)
        {
            builder.Append($"  - {{ from: p{i}, to: join }}\n");
        }

        var result = Load(builder.ToString(), "wide.yaml");

        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics.Take(5)));
        Assert.Equal("int", result.OutputType.Fields["join"].Fields["total"].ToString());
    }

    [Fact]
    public void Load_OverTheSizeLimit_OneClearError()
    {
        var text = "name: big\ndescription: \"" + new string('x', 1_100_000) + "\"\nnodes: []\n";

        var error = Assert.Single(Load(text, "big.yaml").Diagnostics);

        Assert.Contains("the document is too large", error.Message, StringComparison.Ordinal);
        Assert.Equal("big.yaml", error.Location!.File);
    }

    [Fact]
    public async Task LoadFileAsync_OverTheSizeLimit_RefusedWithoutReading()
    {
        using var folder = new TempFolder();
        var path = folder.File("big.yaml");
        await File.WriteAllTextAsync(path, new string('#', DocumentLimitsPlusOne));

        var result = await WorkflowLoader.LoadFileAsync(path, Registry);

        Assert.Contains("too large", Assert.Single(result.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_DeeplyNestedInput_OneClearError()
    {
        var nested = new string('[', 70) + new string(']', 70);
        var text = $"name: deep\nnodes:\n  - {{ id: a, type: transform, with: {{ v: {nested} }} }}\n";

        var error = Assert.Single(Load(text, "deep.yaml").Errors);

        Assert.Contains("nested more than 64 levels", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, error.Location!.Line);
    }

    [Fact]
    public void Load_JsonAndYaml_GiveTheSameDefinition()
    {
        var yaml = File.ReadAllText(Path.Combine(ExamplesFolder, "branch.yaml"));
        var fromYaml = Valid(yaml, "branch.yaml");
        var json = DefinitionJsonOfRaw(yaml);

        var fromJson = Valid(json, "branch.json");

        Assert.Equal(WithoutPositions(fromYaml), WithoutPositions(fromJson));
    }

    private static string WithoutPositions(WorkflowDefinition definition)
    {
        var json = DefinitionJson.ToJson(definition with { SourcePath = null });
        foreach (var node in json["nodes"]!.AsArray())
        {
            node!.AsObject().Remove("location");
        }

        return json.ToJsonString();
    }

    private const int DocumentLimitsPlusOne = (1024 * 1024) + 1;

    // The raw document as JSON text: what a user converting the YAML file by hand would write.
    private static string DefinitionJsonOfRaw(string yaml)
    {
        var document = Stepwise.Core.Definitions.Parsing.DocumentReader.Read(yaml, "branch.yaml", out _)!;
        return ((JsonObject)document.Root!).ToJsonString();
    }
}
