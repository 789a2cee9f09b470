namespace Stepwise.Core.Expressions.Syntax;

/// <summary><c>name(arguments)</c>: only named functions can be called.</summary>
internal sealed class CallNode(string name, int nameEnd, IReadOnlyList<SyntaxNode> arguments, int start, int end)
    : SyntaxNode(start, end)
{
    public string Name { get; } = name;

    public int NameEnd { get; } = nameEnd;

    public IReadOnlyList<SyntaxNode> Arguments { get; } = arguments;
}
