namespace Stepwise.Core.Expressions.Syntax;

/// <summary><c>target[index]</c>, or <c>target?.[index]</c> when <see cref="NullSafe"/>.</summary>
internal sealed class IndexNode(SyntaxNode target, SyntaxNode index, bool nullSafe, int end)
    : SyntaxNode(target.Start, end)
{
    public SyntaxNode Target { get; } = target;

    public SyntaxNode Index { get; } = index;

    public bool NullSafe { get; } = nullSafe;
}
