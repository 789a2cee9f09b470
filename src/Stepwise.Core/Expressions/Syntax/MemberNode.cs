namespace Stepwise.Core.Expressions.Syntax;

/// <summary><c>target.name</c>, or <c>target?.name</c> when <see cref="NullSafe"/>.</summary>
internal sealed class MemberNode(SyntaxNode target, string name, bool nullSafe, int nameStart, int end)
    : SyntaxNode(target.Start, end)
{
    public SyntaxNode Target { get; } = target;

    public string Name { get; } = name;

    public bool NullSafe { get; } = nullSafe;

    public int NameStart { get; } = nameStart;
}
