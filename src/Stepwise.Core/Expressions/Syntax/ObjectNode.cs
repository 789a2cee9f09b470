namespace Stepwise.Core.Expressions.Syntax;

/// <summary><c>{a: 1, 'b c': 2}</c>.</summary>
internal sealed class ObjectNode(IReadOnlyList<ObjectMember> members, int start, int end) : SyntaxNode(start, end)
{
    public IReadOnlyList<ObjectMember> Members { get; } = members;
}
