namespace Stepwise.Core.Expressions.Syntax;

/// <summary><c>x =&gt; body</c> or <c>(a, b) =&gt; body</c>; only allowed as a function argument.</summary>
internal sealed class LambdaNode(IReadOnlyList<string> parameters, SyntaxNode body, int start)
    : SyntaxNode(start, body.End)
{
    public IReadOnlyList<string> Parameters { get; } = parameters;

    public SyntaxNode Body { get; } = body;
}
