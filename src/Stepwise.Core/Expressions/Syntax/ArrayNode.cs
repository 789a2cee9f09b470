namespace Stepwise.Core.Expressions.Syntax;

/// <summary><c>[a, b, c]</c>.</summary>
internal sealed class ArrayNode(IReadOnlyList<SyntaxNode> items, int start, int end) : SyntaxNode(start, end)
{
    public IReadOnlyList<SyntaxNode> Items { get; } = items;
}
