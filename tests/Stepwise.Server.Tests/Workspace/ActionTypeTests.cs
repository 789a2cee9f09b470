using System.Text.Json.Nodes;
using Basic.Reference.Assemblies;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Stepwise.Server.Tests.Support;

namespace Stepwise.Server.Tests.Workspace;

/// <summary>[Action] classes as YAML node types: from a plug-in assembly, and from the workspace.</summary>
public sealed class ActionTypeTests
{
    private static string Shout(string type) => $$"""
        using System.Text.Json.Nodes;
        using Stepwise.Sdk;

        [Action("{{type}}")]
        public sealed class Shout : IAction
        {
            public string Name => "{{type}}";
            public IReadOnlyList<ActionInput> Inputs { get; } = [new("text", DataType.String, Required: true)];
            public bool AcceptsAdditionalInputs => false;
            public DataType GetOutputType(ActionTypeContext context) => DataType.String;
            public ValueTask<ActionResult> ExecuteAsync(ActionContext context, CancellationToken cancellationToken = default) =>
                ValueTask.FromResult(ActionResult.Success(JsonValue.Create(context.Inputs["text"]!.GetValue<string>().ToUpperInvariant() + "!")));
        }
        """;

    private static string Workflow(string type) => $$$"""
        name: uses_{{{type}}}
        nodes:
          - { id: loud, type: {{{type}}}, with: { text: hello } }
        output: "${{ nodes.loud.output }}"
        """;

    [Fact]
    public async Task PluginAssembly_ActionClass_IsANodeTypeYamlRuns()
    {
        using var factory = new ServerFactory();
        var plugins = Path.Combine(factory.DataFolder, "plugins");
        Directory.CreateDirectory(plugins);
        var compilation = CSharpCompilation.Create(
            "ShoutPlugin",
            [CSharpSyntaxTree.ParseText("global using System;\nglobal using System.Collections.Generic;\nglobal using System.Threading;\nglobal using System.Threading.Tasks;\n" + Shout("shout"))],
            [.. Net100.References.All, MetadataReference.CreateFromFile(typeof(Sdk.IAction).Assembly.Location)],
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var emitted = compilation.Emit(Path.Combine(plugins, "ShoutPlugin.dll"));
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        using var client = factory.Client();

        await client.DeployAsync(Workflow("shout"));
        var run = await (await client.PostAsync("/api/v1/workflows/uses_shout/executions?wait=30s", Api.Json("{}"))).ReadObjectAsync();

        Assert.Equal("succeeded", run["status"]!.GetValue<string>());
        Assert.Equal("HELLO!", run["output"]!.GetValue<string>());
    }

    [Fact]
    public async Task PluginAssembly_ActionClass_RunsAloneThroughActionsExecute()
    {
        using var factory = new ServerFactory();
        var plugins = Path.Combine(factory.DataFolder, "plugins");
        Directory.CreateDirectory(plugins);
        var compilation = CSharpCompilation.Create(
            "ShoutTrial",
            [CSharpSyntaxTree.ParseText("global using System;\nglobal using System.Collections.Generic;\nglobal using System.Threading;\nglobal using System.Threading.Tasks;\n" + Shout("trial_shout"))],
            [.. Net100.References.All, MetadataReference.CreateFromFile(typeof(Sdk.IAction).Assembly.Location)],
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        Assert.True(compilation.Emit(Path.Combine(plugins, "ShoutTrial.dll")).Success);
        using var client = factory.Client();

        using var response = await client.PostAsync("/api/v1/actions/execute", Api.Json("""
            {"action_type": "trial_shout", "config": {"text": "${{ params.word }}"}, "input_data": {"word": "plug-in"}}
            """));
        var result = await response.ReadObjectAsync();

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("succeeded", result["status"]!.GetValue<string>());
        Assert.Equal("PLUG-IN!", result["output"]!.GetValue<string>());
    }

    [Fact]
    public async Task WorkspaceActionClass_IsANodeTypeYamlRuns()
    {
        using var factory = new ServerFactory();
        Directory.CreateDirectory(Path.Combine(factory.DataFolder, "workspace"));
        File.WriteAllText(Path.Combine(factory.DataFolder, "workspace", "Shout.cs"), Shout("ws_shout"));
        using var client = factory.Client();

        await client.DeployAsync(Workflow("ws_shout"));
        var run = await (await client.PostAsync("/api/v1/workflows/uses_ws_shout/executions?wait=30s", Api.Json("{}"))).ReadObjectAsync();

        Assert.Equal("HELLO!", run["output"]!.GetValue<string>());
    }

    [Fact]
    public async Task DeployYaml_UnknownNodeType_NamesTheLoadedOnes()
    {
        using var factory = new ServerFactory();
        Directory.CreateDirectory(Path.Combine(factory.DataFolder, "workspace"));
        File.WriteAllText(Path.Combine(factory.DataFolder, "workspace", "Shout.cs"), Shout("ws_shout"));
        using var client = factory.Client();

        using var response = await client.PostAsync("/api/v1/workflows", Api.Yaml(Workflow("nope")));
        var body = (await response.ReadObjectAsync()).ToJsonString();

        Assert.Equal(422, (int)response.StatusCode);
        Assert.Contains("ws_shout", body, StringComparison.Ordinal);
        _ = JsonNode.Parse(body);
    }
}
