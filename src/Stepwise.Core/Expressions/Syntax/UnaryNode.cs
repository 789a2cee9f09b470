namespace Stepwise.Core.Expressions.Syntax;

/// <summary><c>!operand</c> or <c>-operand</c>.</summary>
internal sealed class UnaryNode(string op, SyntaxNode operand, int start) : SyntaxNode(start, operand.End)
{
    public string Operator { get; } = op;

    public SyntaxNode Operand { get; } = operand;
}
