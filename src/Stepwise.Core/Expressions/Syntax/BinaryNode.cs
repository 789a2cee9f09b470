namespace Stepwise.Core.Expressions.Syntax;

/// <summary>An infix operator (<c>+</c>, <c>==</c>, <c>&amp;&amp;</c>, <c>??</c>...), spelled as written.</summary>
internal sealed class BinaryNode(string op, SyntaxNode left, SyntaxNode right, int operatorStart)
    : SyntaxNode(left.Start, right.End)
{
    public string Operator { get; } = op;

    public SyntaxNode Left { get; } = left;

    public SyntaxNode Right { get; } = right;

    public int OperatorStart { get; } = operatorStart;
}
