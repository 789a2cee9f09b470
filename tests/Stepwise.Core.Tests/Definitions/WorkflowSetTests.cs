using Stepwise.Core.Definitions;
using Stepwise.Sdk;
using static Stepwise.Core.Tests.Definitions.DefinitionTestKit;

namespace Stepwise.Core.Tests.Definitions;

public sealed class WorkflowSetTests
{
    private const string Child = """
        name: child
        params: [{ name: n, type: int, required: true }]
        nodes:
          - { id: calc, type: transform, with: { doubled: "${{ params.n * 2 }}" } }
        output: ${{ nodes.calc.output }}
        """;

    private const string Parent = """
        name: parent
        nodes:
          - { id: run, type: workflow, with: { workflow: child, input: { n: 2 } } }
          - { id: use, type: transform, with: { v: "${{ nodes.run.output.doubled + 1 }}" } }
        """;

    [Fact]
    public void FromSources_ChildOutputType_TypesTheParentNode()
    {
        var set = WorkflowSet.FromSources([("parent.yaml", Parent), ("child.yaml", Child)], Registry);

        Assert.True(set.IsValid, Describe(set));
        Assert.Equal(["child", "parent"], set.Names);
        Assert.Equal("int", set.GetOutputType("parent")!.Fields["use"].Fields["v"].ToString());
        Assert.Equal("int", set.GetOutputType("child")!.Fields["doubled"].ToString());
    }

    [Fact]
    public void FromSources_ChildOutputMisused_ReportedInTheParent()
    {
        var parent = Parent.Replace("doubled + 1", "doubled + true", StringComparison.Ordinal);

        var set = WorkflowSet.FromSources([("parent.yaml", parent), ("child.yaml", Child)], Registry);

        var file = set.Files.Single(f => f.Path == "parent.yaml");
        Assert.Contains(
            "Node 1 (use): with.v: type mismatch: cannot apply '+' to 'int' and 'bool'",
            file.Result.Errors.Select(e => e.Message));
    }

    [Fact]
    public void Load_UnknownChildWithCatalogue_IsAnError()
    {
        var set = WorkflowSet.FromSources([("child.yaml", Child)], Registry);

        var result = set.Load("name: p\nnodes:\n  - { id: a, type: workflow, with: { workflow: chld } }\n", "p.yaml");

        Assert.Equal("Node 0 (a): unknown workflow 'chld'; did you mean 'child'?", Assert.Single(result.Errors).Message);
    }

    [Fact]
    public void Load_KnownChildWithCatalogue_NoWarning()
    {
        var set = WorkflowSet.FromSources([("child.yaml", Child)], Registry);

        var result = set.Load(Parent, "parent.yaml");

        Assert.True(result.Succeeded);
        Assert.Empty(result.Diagnostics);
    }

    [Theory]
    [InlineData("{ n: 2, m: 3 }", "Node 0 (a): with.input: workflow 'child' has no parameter 'm'")]
    [InlineData("{ n: 2, mial: a@b.c }", "Node 0 (a): with.input: workflow 'child' has no parameter 'mial'; did you mean 'mail'?")]
    [InlineData("{ }", "Node 0 (a): with.input: missing required parameter 'n' of workflow 'child'")]
    [InlineData("{ n: \"${{ 'text' }}\" }", "Node 0 (a): with.input.n must be int for parameter 'n' of workflow 'child', got string")]
    [InlineData("{ n: 2, mail: nope }", "Node 0 (a): with.input.mail: Parameter 'mail' of workflow 'child' validation failed: Invalid email format")]
    public void Load_ChildInputNotFittingItsParams_Reported(string input, string message)
    {
        var child = Child.Replace("required: true }]", "required: true }, { name: mail, type: email }]", StringComparison.Ordinal);
        var set = WorkflowSet.FromSources([("child.yaml", child)], Registry);

        var result = set.Load($"name: p\nnodes:\n  - {{ id: a, type: workflow, with: {{ workflow: child, input: {input} }} }}\n", "p.yaml");

        Assert.Equal(message, Assert.Single(result.Errors).Message);
    }

    [Fact]
    public void Load_ChildInputMissing_RequiredParamsReported()
    {
        var set = WorkflowSet.FromSources([("child.yaml", Child)], Registry);

        var result = set.Load("name: p\nnodes:\n  - { id: a, type: workflow, with: { workflow: child } }\n", "p.yaml");

        Assert.Equal("Node 0 (a): with.input: missing required parameter 'n' of workflow 'child'", Assert.Single(result.Errors).Message);
    }

    [Fact]
    public void Load_ChildInputBuiltByAnExpression_NotChecked()
    {
        var set = WorkflowSet.FromSources([("child.yaml", Child)], Registry);

        var result = set.Load("name: p\nparams: [{ name: i, type: object }]\nnodes:\n  - { id: a, type: workflow, with: { workflow: child, input: \"${{ params.i }}\" } }\n", "p.yaml");

        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
    }

    [Fact]
    public void FromSources_WorkflowsCallingEachOther_TypeAsAny()
    {
        const string a = "name: a\nnodes:\n  - { id: call, type: workflow, with: { workflow: b } }\noutput: ${{ nodes.call.output }}\n";
        const string b = "name: b\nnodes:\n  - { id: call, type: workflow, with: { workflow: a } }\noutput: ${{ nodes.call.output }}\n";

        var set = WorkflowSet.FromSources([("a.yaml", a), ("b.yaml", b)], Registry);

        Assert.True(set.IsValid, Describe(set));
        Assert.Equal(DataKind.Any, set.GetOutputType("a")!.Kind);
    }

    [Fact]
    public void FromSources_InvalidChild_ParentStillValidWithAnyOutput()
    {
        var brokenChild = Child.Replace("params.n * 2", "params.n * true", StringComparison.Ordinal);

        var set = WorkflowSet.FromSources([("parent.yaml", Parent), ("child.yaml", brokenChild)], Registry);

        Assert.False(set.IsValid);
        Assert.True(set.Files.Single(f => f.Path == "parent.yaml").Result.Succeeded);
        Assert.False(set.Files.Single(f => f.Path == "child.yaml").Result.Succeeded);
        Assert.Equal(DataKind.Any, set.GetOutputType("child")!.Kind);
    }

    [Fact]
    public void FromSources_DuplicateNames_SecondFileFails()
    {
        var set = WorkflowSet.FromSources([("one.yaml", Child), ("two.yaml", Child)], Registry);

        var second = set.Files.Single(f => f.Path == "two.yaml").Result;
        Assert.Equal("duplicate workflow name 'child': one.yaml has it too", Assert.Single(second.Errors).Message);
        Assert.Equal(1, second.Errors.Single().Location!.Line);
        Assert.True(set.Files.Single(f => f.Path == "one.yaml").Result.Succeeded);
    }

    [Fact]
    public void FromSources_UnparsableMember_KeptWithItsError()
    {
        var set = WorkflowSet.FromSources([("bad.yaml", "name: [unclosed"), ("child.yaml", Child)], Registry);

        Assert.StartsWith("Invalid YAML", set.Files.Single(f => f.Path == "bad.yaml").Result.Errors.Single().Message, StringComparison.Ordinal);
        Assert.True(set.TryGet("child", out _));
        Assert.False(set.TryGet("bad", out _));
    }

    [Fact]
    public void GetOutputType_UnknownName_Null()
    {
        var set = WorkflowSet.FromSources([("child.yaml", Child)], Registry);

        Assert.Null(set.GetOutputType("nope"));
        Assert.False(set.Contains("nope"));
    }

    [Fact]
    public async Task LoadFolderAsync_MissingFolder_IsADiagnostic()
    {
        var set = await WorkflowSet.LoadFolderAsync(Path.Combine(ExamplesFolder, "no-such-folder"), Registry);

        Assert.False(set.IsValid);
        Assert.StartsWith("cannot read the folder", Assert.Single(set.Diagnostics).Message, StringComparison.Ordinal);
        Assert.Empty(set.Files);
    }

    [Fact]
    public async Task LoadFolderAsync_Examples_ReadsOnlyWorkflowFilesOfTheFolderItself()
    {
        var set = await WorkflowSet.LoadFolderAsync(ExamplesFolder, Registry);

        Assert.DoesNotContain(set.Files, f => f.Path.Contains("invalid", StringComparison.Ordinal));
        Assert.Contains("process_batch", set.Names);
    }

    private static string Describe(WorkflowSet set) =>
        string.Join("\n", set.Files.SelectMany(f => f.Result.Diagnostics).Concat(set.Diagnostics));
}
