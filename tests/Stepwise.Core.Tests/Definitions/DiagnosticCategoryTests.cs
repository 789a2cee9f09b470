using Stepwise.Core.Diagnostics;
using static Stepwise.Core.Tests.Definitions.DefinitionTestKit;

namespace Stepwise.Core.Tests.Definitions;

/// <summary>Every validation diagnostic of seed 004's table carries its error type, with the seed's exact wording.</summary>
public sealed class DiagnosticCategoryTests
{
    [Theory]
    [InlineData("${{ count + 1 }}", "undefined variable 'count'", DiagnosticCategory.ScopeError)]
    [InlineData("${{ params.nope }}", "undefined variable 'params.nope'", DiagnosticCategory.ScopeError)]
    [InlineData("${{ map(params.list, (i, i) => i) }}", "duplicate declaration 'i'", DiagnosticCategory.ScopeError)]
    [InlineData("${{ nodes.ghost.output }}", "undefined node 'ghost'", DiagnosticCategory.ScopeError)]
    [InlineData("${{ map(params.n, x => x) }}", "cannot iterate over non-array type 'int'", DiagnosticCategory.TypeError)]
    [InlineData("${{ params.n + true }}", "type mismatch: cannot apply '+' to 'int' and 'bool'", DiagnosticCategory.TypeError)]
    [InlineData("${{ upper(params.n) }}", "type mismatch: argument 1 of 'upper' must be string, got 'int'", DiagnosticCategory.TypeError)]
    [InlineData("${{ process(1) }}", "undefined function 'process'", DiagnosticCategory.FunctionError)]
    [InlineData("${{ sum() }}", "wrong number of arguments for 'sum': expected 1, got 0", DiagnosticCategory.FunctionError)]
    [InlineData("${{ params(1) }}", "'params' is not a function", DiagnosticCategory.FunctionError)]
    [InlineData("${{ map(params.list, 3) }}", "argument 2 of 'map' must be a lambda, e.g. map(items, x => x.name)", DiagnosticCategory.FunctionError)]
    [InlineData("${{ (1 + }}", "unexpected end of expression", DiagnosticCategory.SyntaxError)]
    [InlineData("${{ 1 @ 2 }}", "unexpected character '@'", DiagnosticCategory.SyntaxError)]
    public void Load_ExpressionProblem_HasSeedCategory(string expression, string message, DiagnosticCategory category)
    {
        var diagnostic = Single($$"""
            name: w
            params: [{ name: n, type: int }, { name: list, type: array }]
            nodes:
              - { id: a, type: transform, with: { x: "{{expression}}" } }
            """);

        Assert.EndsWith(message, diagnostic.Message, StringComparison.Ordinal);
        Assert.Equal(category, diagnostic.Category);
        Assert.Equal(category.ToString(), diagnostic.CategoryName);
    }

    [Fact]
    public void Load_DuplicateParameter_IsScopeError()
    {
        var diagnostic = Single("""
            name: w
            params: [{ name: name, type: string }, { name: name, type: string }]
            nodes: [{ id: a, type: log, with: { message: hi } }]
            """);

        Assert.Equal("Param 1 (name): duplicate parameter 'name'", diagnostic.Message);
        Assert.Equal(DiagnosticCategory.ScopeError, diagnostic.Category);
    }

    [Fact]
    public void Load_ForeachOverString_IsTypeError()
    {
        var diagnostic = Single("""
            name: w
            params: [{ name: s, type: string }]
            nodes:
              - id: each
                type: foreach
                with:
                  items: "${{ params.s }}"
                  node: { type: transform, with: { v: "${{ item }}" } }
            """);

        Assert.EndsWith("cannot iterate over non-array type 'string'", diagnostic.Message, StringComparison.Ordinal);
        Assert.Equal(DiagnosticCategory.TypeError, diagnostic.Category);
    }

    [Fact]
    public void Load_StructuralProblem_HasNoCategory()
    {
        var diagnostic = Single("name: w\nnodes: [{ id: a, type: nope }]\n");

        Assert.Equal(DiagnosticCategory.None, diagnostic.Category);
        Assert.Null(diagnostic.CategoryName);
    }

    private static Diagnostic Single(string yaml)
    {
        var result = Load(yaml);
        var errors = result.Errors.ToList();
        Assert.True(errors.Count == 1, string.Join("\n", errors));
        return errors[0];
    }
}
