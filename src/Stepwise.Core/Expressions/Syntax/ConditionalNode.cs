namespace Stepwise.Core.Expressions.Syntax;

/// <summary><c>condition ? whenTrue : whenFalse</c>.</summary>
internal sealed class ConditionalNode(SyntaxNode condition, SyntaxNode whenTrue, SyntaxNode whenFalse)
    : SyntaxNode(condition.Start, whenFalse.End)
{
    public SyntaxNode Condition { get; } = condition;

    public SyntaxNode WhenTrue { get; } = whenTrue;

    public SyntaxNode WhenFalse { get; } = whenFalse;
}
