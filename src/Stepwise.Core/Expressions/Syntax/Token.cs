namespace Stepwise.Core.Expressions.Syntax;

/// <summary>
/// One lexeme. <see cref="Text"/> is the identifier name or the decoded string; numbers carry their value.
/// </summary>
internal readonly record struct Token(TokenKind Kind, int Start, int End, string? Text = null, long IntValue = 0, double NumberValue = 0)
{
    public int Length => End - Start;

    /// <summary>How the token reads in a message: <c>')'</c>, <c>identifier 'x'</c>, <c>end of expression</c>.</summary>
    public string Describe(string source) => Kind switch
    {
        TokenKind.End => "end of expression",
        TokenKind.String => "string",
        _ => "'" + source[Start..End] + "'",
    };
}
