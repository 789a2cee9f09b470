namespace Stepwise.Core.Expressions.Syntax;

/// <summary>Calls and their arguments, where lambdas may appear.</summary>
internal sealed partial class Parser
{
    private CallNode? ParseCall(Token name)
    {
        _position++;
        var arguments = new List<SyntaxNode>();
        if (!ParseList(arguments, TokenKind.RightParen, "')'", ParseArgument))
        {
            return null;
        }

        return new CallNode(name.Text!, name.End, arguments, name.Start, _tokens[_position - 1].End);
    }

    private SyntaxNode? ParseArgument()
    {
        var start = Current;
        var parameters = new List<string>();
        if (start.Kind == TokenKind.Identifier && Peek(1).Kind == TokenKind.Arrow)
        {
            parameters.Add(start.Text!);
            _position += 2;
        }
        else if (start.Kind == TokenKind.LeftParen && TryReadLambdaParameters(parameters, out var consumed))
        {
            _position += consumed;
        }
        else
        {
            return ParseExpression();
        }

        var body = ParseExpression();
        return body is null ? null : new LambdaNode(parameters, body, start.Start);
    }

    /// <summary>Looks ahead for <c>( a, b ) =&gt;</c> without consuming: <c>(a + b)</c> is an ordinary argument.</summary>
    private bool TryReadLambdaParameters(List<string> parameters, out int consumed)
    {
        var offset = 1;
        while (Peek(offset).Kind == TokenKind.Identifier)
        {
            parameters.Add(Peek(offset).Text!);
            offset++;
            if (Peek(offset).Kind != TokenKind.Comma)
            {
                break;
            }

            offset++;
        }

        consumed = offset + 2;
        if (Peek(offset).Kind == TokenKind.RightParen && Peek(offset + 1).Kind == TokenKind.Arrow)
        {
            return true;
        }

        parameters.Clear();
        return false;
    }
}
