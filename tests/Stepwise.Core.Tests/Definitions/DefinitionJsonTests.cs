using System.Text.Json.Nodes;
using Stepwise.Core.Definitions;
using static Stepwise.Core.Tests.Definitions.DefinitionTestKit;

namespace Stepwise.Core.Tests.Definitions;

public sealed class DefinitionJsonTests
{
    [Fact]
    public void ToJson_Greet_NormalizedWithSyntaxTrees()
    {
        var result = Load(File.ReadAllText(Path.Combine(ExamplesFolder, "greet.yaml")), "greet.yaml");

        var json = DefinitionJson.ToJson(result.Definition!, result.OutputType);

        Assert.Equal("greet", json["name"]!.GetValue<string>());
        Assert.Equal("5m", json["timeout"]!.GetValue<string>());
        Assert.Equal(8, json["max_parallel_nodes"]!.GetValue<int>());
        Assert.Equal("stop", json["on_failure"]!.GetValue<string>());
        Assert.Equal("object", json["output_type"]!.GetValue<string>());
        Assert.Equal("webhook", json["triggers"]![0]!["type"]!.GetValue<string>());
        var node = json["nodes"]![0]!;
        Assert.Equal("shape", node["id"]!.GetValue<string>());
        Assert.Equal(17, node["location"]!["line"]!.GetValue<int>());
        var doubled = node["with"]!["doubled"]!;
        Assert.Equal("expression", doubled["kind"]!.GetValue<string>());
        Assert.Equal("binary", doubled["tree"]!["kind"]!.GetValue<string>());
        Assert.Equal("interpolation", node["with"]!["greeting"]!["kind"]!.GetValue<string>());
        Assert.Equal("expression", json["output"]!["kind"]!.GetValue<string>());
    }

    [Fact]
    public void ToJson_ForeachAndCompensate_NestedAsNodes()
    {
        var definition = Valid("""
            name: w
            on_failure: compensate
            nodes:
              - id: each
                type: foreach
                with:
                  items: [1, 2]
                  node: { type: transform, with: { v: "${{ item }}" }, retry: { max_attempts: 2 } }
                compensate: { type: log, with: { message: undo } }
            """);

        var node = DefinitionJson.ToJson(definition)["nodes"]![0]!;

        Assert.Equal("transform", node["with"]!["node"]!["type"]!.GetValue<string>());
        Assert.Null(node["with"]!["node"]!.AsObject()["id"]);
        Assert.Equal(2, node["with"]!["node"]!["retry"]!["max_attempts"]!.GetValue<int>());
        Assert.Equal("log", node["compensate"]!["type"]!.GetValue<string>());
        Assert.Equal("[1,2]", node["with"]!["items"]!.ToJsonString());
    }

    [Fact]
    public void ToJson_EveryExample_Serializes()
    {
        foreach (var path in Directory.EnumerateFiles(ExamplesFolder, "*.yaml"))
        {
            var result = Load(File.ReadAllText(path), path);
            Assert.True(result.Succeeded, path);

            var text = DefinitionJson.ToJson(result.Definition!, result.OutputType).ToJsonString();

            Assert.NotNull(JsonNode.Parse(text));
        }
    }

    [Fact]
    public void ToJson_CalledTwice_SameText()
    {
        var definition = Valid("name: w\nparams: [{ name: t, type: array, default: [1] }]\nnodes:\n  - { id: a, type: transform, with: { v: [1, \"${{ 2 }}\"] } }\n");

        Assert.Equal(DefinitionJson.ToJson(definition).ToJsonString(), DefinitionJson.ToJson(definition).ToJsonString());
    }
}
