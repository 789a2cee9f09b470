using System.Text.Json.Nodes;
using Stepwise.Core.Expressions.Syntax;
using static Stepwise.Core.Tests.Expressions.ExpressionFixture;

namespace Stepwise.Core.Tests.Expressions;

public class ParserTests
{
    [Theory]
    [InlineData("1 + 2 * 3", "(1 + (2 * 3))")]
    [InlineData("1 * 2 + 3", "((1 * 2) + 3)")]
    [InlineData("1 - 2 - 3", "((1 - 2) - 3)")]
    [InlineData("8 / 4 % 3", "((8 / 4) % 3)")]
    [InlineData("a + b < c - d", "((a + b) < (c - d))")]
    [InlineData("a < b == c > d", "((a < b) == (c > d))")]
    [InlineData("a == b && c != d", "((a == b) && (c != d))")]
    [InlineData("a || b && c", "(a || (b && c))")]
    [InlineData("a ?? b || c", "(a ?? (b || c))")]
    [InlineData("a ?? b ?? c", "(a ?? (b ?? c))")]
    [InlineData("a ? b : c ? d : e", "(a ? b : (c ? d : e))")]
    [InlineData("a ?? b ? c : d", "((a ?? b) ? c : d)")]
    [InlineData("!a && b", "((!a) && b)")]
    [InlineData("-a * b", "((-a) * b)")]
    [InlineData("-a.b", "(-a.b)")]
    [InlineData("!!a", "(!(!a))")]
    [InlineData("(1 + 2) * 3", "((1 + 2) * 3)")]
    [InlineData("a.b[0]?.c?.[1]", "a.b[0]?.c?.[1]")]
    [InlineData("f(x, y => y + 1)", "f(x, (y) => (y + 1))")]
    [InlineData("f((a, b) => a * b)", "f((a, b) => (a * b))")]
    [InlineData("f((a + b))", "f((a + b))")]
    [InlineData("[1, 'x', [true]]", "[1, \"x\", [true]]")]
    [InlineData("{a: 1, 'b c': null,}", "{a: 1, b c: null}")]
    public void Parse_Precedence_GroupsAsTable(string source, string expected)
    {
        var tree = Parser.Parse(source, out var error);

        Assert.True(tree is not null, error.Message);
        Assert.Equal(expected, Show(tree));
    }

    [Fact]
    public void ToSyntaxTree_Binary_HasKindOperatorAndPositions()
    {
        var tree = Parse("a + b * 2").ToSyntaxTree();

        Assert.Equal("binary", (string?)tree["kind"]);
        Assert.Equal("+", (string?)tree["op"]);
        Assert.Equal(0, (int?)tree["start"]);
        Assert.Equal(9, (int?)tree["end"]);
        Assert.Equal("identifier", (string?)tree["left"]!["kind"]);
        Assert.Equal("*", (string?)tree["right"]!["op"]);
        Assert.Equal(4, (int?)tree["right"]!["start"]);
        Assert.Equal(2L, (long?)tree["right"]!["right"]!["value"]);
    }

    [Fact]
    public void ToSyntaxTree_EveryKind_IsWritten()
    {
        var tree = Parse("f(x?.a[1], y => !y ? [1] : {k: -2})").ToSyntaxTree().ToJsonString();

        foreach (var kind in new[] { "call", "member", "index", "lambda", "unary", "conditional", "array", "object", "literal", "identifier" })
        {
            Assert.Contains($"\"kind\":\"{kind}\"", tree, StringComparison.Ordinal);
        }

        Assert.Contains("\"null_safe\":true", tree, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a +", "unexpected end of expression", 3)]
    [InlineData("(a + b", "expected ')' but found end of expression", 6)]
    [InlineData("f(a", "expected ',' or ')' but found end of expression", 3)]
    [InlineData("a + )", "unexpected token ')'", 4)]
    [InlineData("a b", "unexpected token 'b'", 2)]
    [InlineData("[1, 2", "expected ',' or ']' but found end of expression", 5)]
    [InlineData("{a 1}", "expected ':' but found '1'", 3)]
    [InlineData("{1: 2}", "expected an object key (a name or a string) but found '1'", 1)]
    [InlineData("{a: 1, a: 2}", "duplicate key 'a' in object", 7)]
    [InlineData("a.", "expected a member name after '.' but found end of expression", 2)]
    [InlineData("a ? b", "expected ':' but found end of expression", 5)]
    [InlineData("x => x", "unexpected token '=>': lambdas like x => x.name are only allowed as function arguments", 2)]
    [InlineData("a.b(1)", "'a.b' is not a function", 0)]

    // Found by the fuzzer (issue 21): a name in parentheses was taken for a call without a name, and checking threw.
    [InlineData("(nodes)(false % '.*')", "'nodes' is not a function", 1)]
    [InlineData("to_bool((len)(1))", "'len' is not a function", 9)]
    [InlineData("'abc", "unterminated string", 0)]
    [InlineData("", "empty expression", 0)]
    [InlineData("   ", "empty expression", 0)]
    [InlineData("a[1", "expected ']' but found end of expression", 3)]
    public void Parse_SyntaxError_ReportsMessageAndOffset(string source, string message, int offset)
    {
        var error = ParseError(source);

        Assert.Equal(message, error.Message);
        Assert.Equal(offset, error.Offset);
    }

    [Fact]
    public void Parse_Source_IsKept()
    {
        Assert.Equal(" params.n ", Parse(" params.n ").Source);
    }

    private static string Show(SyntaxNode node) => node switch
    {
        LiteralNode literal => literal.Value?.ToJsonString() ?? "null",
        IdentifierNode identifier => identifier.Name,
        MemberNode member => $"{Show(member.Target)}{(member.NullSafe ? "?." : ".")}{member.Name}",
        IndexNode index => $"{Show(index.Target)}{(index.NullSafe ? "?." : string.Empty)}[{Show(index.Index)}]",
        CallNode call => $"{call.Name}({string.Join(", ", call.Arguments.Select(Show))})",
        LambdaNode lambda => $"({string.Join(", ", lambda.Parameters)}) => {Show(lambda.Body)}",
        UnaryNode unary => $"({unary.Operator}{Show(unary.Operand)})",
        BinaryNode binary => $"({Show(binary.Left)} {binary.Operator} {Show(binary.Right)})",
        ConditionalNode conditional => $"({Show(conditional.Condition)} ? {Show(conditional.WhenTrue)} : {Show(conditional.WhenFalse)})",
        ArrayNode array => $"[{string.Join(", ", array.Items.Select(Show))}]",
        ObjectNode obj => $"{{{string.Join(", ", obj.Members.Select(member => $"{member.Key}: {Show(member.Value)}"))}}}",
        _ => "?",
    };
}
