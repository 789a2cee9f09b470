namespace Stepwise.Core.Expressions.Syntax;

/// <summary>A node of the parsed tree; <see cref="Start"/> and <see cref="End"/> are offsets in the expression text.</summary>
internal abstract class SyntaxNode(int start, int end)
{
    public int Start { get; } = start;

    public int End { get; } = end;

    public int Length => End - Start;
}
