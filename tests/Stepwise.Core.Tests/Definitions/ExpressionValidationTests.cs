using Stepwise.Core.Definitions;
using Stepwise.Sdk;
using static Stepwise.Core.Tests.Definitions.DefinitionTestKit;

namespace Stepwise.Core.Tests.Definitions;

/// <summary>Expressions are compiled and type-checked with what each node can see.</summary>
public sealed class ExpressionValidationTests
{
    [Fact]
    public void Load_ParamTypes_FlowIntoExpressions()
    {
        var result = Load("""
            name: w
            params:
              - { name: s, type: string }
              - { name: i, type: int }
              - { name: x, type: number }
              - { name: b, type: bool }
              - { name: e, type: email }
              - { name: d, type: date }
              - { name: t, type: datetime }
              - { name: o, type: select, options: [a] }
              - { name: j, type: json }
              - { name: a, type: array }
              - { name: m, type: object }
            nodes:
              - id: shape
                type: transform
                with:
                  s: ${{ params.s }}
                  i: ${{ params.i }}
                  x: ${{ params.x }}
                  b: ${{ params.b }}
                  e: ${{ params.e }}
                  d: ${{ params.d }}
                  t: ${{ params.t }}
                  o: ${{ params.o }}
                  j: ${{ params.j }}
                  a: ${{ params.a }}
                  m: ${{ params.m }}
            output: ${{ nodes.shape.output }}
            """);

        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        var fields = result.OutputType.Fields;
        Assert.Equal(
            ["string", "int", "number", "bool", "string", "string", "string", "string", "any", "array", "object"],
            fields.Values.Select(t => t.ToString()));
    }

    [Fact]
    public void Load_TypeMismatch_ReportedWithTheNodeAndInput() =>
        Assert.Contains(
            "Node 0 (a): with.x: type mismatch: cannot apply '+' to 'int' and 'bool'",
            Errors("name: w\nparams: [{ name: n, type: int }, { name: f, type: bool }]\nnodes:\n  - { id: a, type: transform, with: { x: \"${{ params.n + params.f }}\" } }\n"));

    [Fact]
    public void Load_UndefinedFunction_Reported() =>
        Assert.Contains(
            "Node 0 (a): with.x: undefined function 'foo'",
            Errors("name: w\nnodes:\n  - { id: a, type: transform, with: { x: \"${{ foo(1) }}\" } }\n"));

    [Fact]
    public void Load_SyntaxError_Reported()
    {
        var errors = Errors("name: w\nnodes:\n  - { id: a, type: transform, with: { x: \"${{ 1 + }}\" } }\n");

        Assert.Contains(errors, e => e.StartsWith("Node 0 (a): with.x: ", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_NodeNotUpstream_Reported()
    {
        var errors = Errors("""
            name: w
            nodes:
              - { id: a, type: transform, with: { v: 1 } }
              - { id: b, type: transform, with: { v: "${{ nodes.c.output.v }}" } }
              - { id: c, type: transform, with: { v: 2 } }
            connections:
              - { from: a, to: b }
              - { from: a, to: c }
            """);

        Assert.Contains("Node 1 (b): with.v: node 'c' is not upstream of 'b'", errors);
    }

    [Fact]
    public void Load_ChainWithoutConnections_EachNodeSeesTheOnesBefore()
    {
        var result = Load("""
            name: w
            nodes:
              - { id: a, type: transform, with: { v: 1 } }
              - { id: b, type: transform, with: { v: "${{ nodes.a.output.v + 1 }}" } }
              - { id: c, type: transform, with: { v: "${{ nodes.b.output.v * nodes.a.output.v }}" } }
            """);

        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        Assert.Equal("int", result.OutputType.Fields["c"].Fields["v"].ToString());
    }

    [Fact]
    public void Load_UpstreamOutputTypes_CheckDownstreamExpressions() =>
        Assert.Contains(
            "Node 1 (b): with.v: type mismatch: cannot apply '-' to 'string' and 'int'",
            Errors("name: w\nnodes:\n  - { id: a, type: transform, with: { v: text } }\n  - { id: b, type: transform, with: { v: \"${{ nodes.a.output.v - 1 }}\" } }\n"));

    [Fact]
    public void Load_InputOfTheWrongType_Reported() =>
        Assert.Contains(
            "Node 0 (a): with.expect_status must be array<int>, got string",
            Errors("name: w\nnodes:\n  - { id: a, type: http, with: { url: \"http://x\", expect_status: \"200\" } }\n"));

    [Fact]
    public void Load_ComputedInputOfTheRightType_Accepted() =>
        Valid("name: w\nnodes:\n  - { id: a, type: http, with: { url: \"http://x\", expect_status: \"${{ [200, 201] }}\" } }\n");

    [Fact]
    public void Load_WhenNotBool_Reported() =>
        Assert.Contains(
            "Node 0 (a): when must be a bool expression, got string",
            Errors("name: w\nparams: [{ name: s, type: string }]\nnodes:\n  - { id: a, type: log, when: \"${{ params.s }}\", with: { message: x } }\n"));

    [Theory]
    [InlineData("true")]
    [InlineData("\"${{ params.n > 2 }}\"")]
    [InlineData("\"${{ params.j }}\"")]
    public void Load_WhenBoolOrAny_Accepted(string when) =>
        Valid($"name: w\nparams: [{{ name: n, type: int }}, {{ name: j, type: json }}]\nnodes:\n  - {{ id: a, type: log, when: {when}, with: {{ message: x }} }}\n");

    [Fact]
    public void Load_Foreach_ItemTypedFromItems()
    {
        var result = Load("""
            name: w
            nodes:
              - id: each
                type: foreach
                with:
                  items: ${{ range(0, 3) }}
                  node: { type: transform, with: { v: "${{ item * 2 }}", i: "${{ index }}" } }
            """);

        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        var itemOutput = result.OutputType.Fields["each"].Element!;
        Assert.Equal("int", itemOutput.Fields["v"].ToString());
        Assert.Equal("int", itemOutput.Fields["i"].ToString());
        var node = result.Definition!.Nodes[0];
        Assert.Equal(["items"], node.With.Keys);
        Assert.Equal("transform", node.Templates["node"].Type);
        Assert.Equal("each", node.Templates["node"].Id);
    }

    [Fact]
    public void Load_ForeachOverString_CannotIterate() =>
        Assert.Contains(
            "Node 0 (each): with.items: cannot iterate over non-array type 'string'",
            Errors("name: w\nparams: [{ name: s, type: string }]\nnodes:\n  - { id: each, type: foreach, with: { items: \"${{ params.s }}\", node: { type: transform, with: { v: 1 } } } }\n"));

    [Fact]
    public void Load_ItemOutsideForeach_Undefined() =>
        Assert.Contains(
            "Node 0 (a): with.v: undefined variable 'item'",
            Errors("name: w\nnodes:\n  - { id: a, type: transform, with: { v: \"${{ item }}\" } }\n"));

    [Fact]
    public void Load_ForeachTemplate_CheckedLikeANode()
    {
        var errors = Errors("""
            name: w
            nodes:
              - id: each
                type: foreach
                with:
                  items: [1, 2]
                  node: { type: log, wiht: {}, with: { message: "${{ item + true }}" } }
            """);

        Assert.Contains("Node 0 (each): unknown field 'with.node.wiht'; did you mean 'with.node.with'?", errors);
        Assert.Contains("Node 0 (each): with.node: with.message: type mismatch: cannot apply '+' to 'int' and 'bool'", errors);
    }

    [Fact]
    public void Load_ForeachTemplateNotANode_Reported() =>
        Assert.Contains(
            "Node 0 (each): with.node must be a node (a mapping with type and with), got 'log'",
            Errors("name: w\nnodes:\n  - { id: each, type: foreach, with: { items: [1], node: log } }\n"));

    [Fact]
    public void Load_Compensate_SeesItsOwnNodeOutput()
    {
        var result = Load("""
            name: w
            on_failure: compensate
            nodes:
              - id: reserve
                type: transform
                with: { seat: 12 }
                compensate: { type: log, with: { message: "release ${{ nodes.reserve.output.seat }}" } }
            """);

        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
    }

    [Fact]
    public void Load_CompensateReadingADownstreamNode_Reported() =>
        Assert.Contains(
            "Node 0 (a): compensate: with.message: node 'b' is not upstream of 'a'",
            Errors("""
                name: w
                on_failure: compensate
                nodes:
                  - { id: a, type: log, with: { message: x }, compensate: { type: log, with: { message: "${{ nodes.b.output }}" } } }
                  - { id: b, type: transform, with: { v: 1 } }
                """));

    [Fact]
    public void Load_Output_SeesEveryNode()
    {
        var result = Load("""
            name: w
            nodes:
              - { id: a, type: transform, with: { v: 1 } }
              - { id: b, type: transform, with: { w: "x" } }
            connections: []
            output: { first: "${{ nodes.a.output.v }}", second: "${{ nodes.b.output.w }}" }
            """);

        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        Assert.Equal("int", result.OutputType.Fields["first"].ToString());
        Assert.Equal("string", result.OutputType.Fields["second"].ToString());
    }

    [Fact]
    public void Load_OutputError_Reported() =>
        Assert.Contains(
            "output: undefined variable 'nothing'",
            Errors("name: w\nnodes:\n  - { id: a, type: log, with: { message: x } }\noutput: ${{ nothing }}\n"));

    [Fact]
    public void Load_WithoutOutput_OutputTypeIsTheSinkNodes()
    {
        var result = Load("""
            name: w
            nodes:
              - { id: a, type: transform, with: { v: 1 } }
              - { id: b, type: transform, with: { v: 2 } }
              - { id: c, type: log, with: { message: x } }
            connections:
              - { from: a, to: b }
              - { from: a, to: c }
            """);

        Assert.Equal(["b", "c"], result.OutputType.Fields.Keys.Order());
        Assert.Equal(DataKind.Null, result.OutputType.Fields["c"].Kind);
    }

    [Fact]
    public void Load_ChildWorkflowWithoutCatalogue_IsAWarning()
    {
        var result = Load("name: w\nnodes:\n  - { id: a, type: workflow, with: { workflow: child } }\n");

        Assert.True(result.Succeeded);
        Assert.Contains("workflow 'child' is not checked", Assert.Single(result.Warnings).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ChildWorkflowNamedByExpression_NotChecked()
    {
        var result = Load("name: w\nparams: [{ name: c }]\nnodes:\n  - { id: a, type: workflow, with: { workflow: \"${{ params.c }}\" } }\n");

        Assert.True(result.Succeeded);
        Assert.Empty(result.Diagnostics);
    }

    [Fact]
    public void Load_ExpressionErrorPosition_PointsInsideTheString()
    {
        var result = Load("name: w\nnodes:\n  - id: a\n    type: transform\n    with:\n      x: \"value ${{ missing }}\"\n");

        var error = Assert.Single(result.Errors);
        Assert.Equal("w.yaml:6:21: Node 0 (a): with.x: undefined variable 'missing'", error.ToString());
    }

    [Fact]
    public void Load_ExpressionErrorInJson_PointsInsideTheString()
    {
        const string json = """
            {
              "name": "w",
              "nodes": [
                { "id": "a", "type": "transform", "with": { "x": "${{ len(1, 2) }}" } }
              ]
            }
            """;

        var error = Assert.Single(Load(json, "w.json").Errors);

        Assert.Equal(4, error.Location!.Line);
        Assert.Equal(59, error.Location.Column);
        Assert.Contains("wrong number of arguments for 'len'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ContinueOnErrorNode_OutputTypedAnySoItsErrorFieldChecks()
    {
        const string Workflow = """
            name: w
            nodes:
              - { id: a, type: transform, continue_on_error: true, with: { v: 1 } }
              - { id: b, type: log, with: { message: "${{ nodes.a.output.error ?? 'ok' }}" } }
            """;

        var result = Load(Workflow);

        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        var stopsOnError = Errors(Workflow.Replace("continue_on_error: true, ", "", StringComparison.Ordinal));
        Assert.Contains(
            "Node 1 (b): with.message: unknown field 'error' on 'nodes.a.output' (known fields: v)", stopsOnError);
    }

    [Fact]
    public void Load_ContinueOnErrorForeachTemplate_ItemsTypedAny()
    {
        var result = Load("""
            name: w
            nodes:
              - id: each
                type: foreach
                with:
                  items: [1, 2]
                  node: { type: transform, continue_on_error: true, with: { v: "${{ item }}" } }
              - { id: b, type: log, with: { message: "${{ nodes.each.output[0].error ?? 'ok' }}" } }
            """);

        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
    }
}
