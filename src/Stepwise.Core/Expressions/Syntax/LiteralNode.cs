using System.Text.Json.Nodes;

namespace Stepwise.Core.Expressions.Syntax;

/// <summary>A constant: int, number, string, bool or null. The value is never attached to another tree.</summary>
internal sealed class LiteralNode(JsonNode? value, int start, int end) : SyntaxNode(start, end)
{
    public JsonNode? Value { get; } = value;
}
