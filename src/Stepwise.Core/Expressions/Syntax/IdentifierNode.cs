namespace Stepwise.Core.Expressions.Syntax;

/// <summary>A bare name: a root (<c>params</c>, <c>item</c>...) or a lambda parameter.</summary>
internal sealed class IdentifierNode(string name, int start, int end) : SyntaxNode(start, end)
{
    public string Name { get; } = name;
}
