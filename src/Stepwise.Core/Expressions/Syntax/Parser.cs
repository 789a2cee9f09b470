using System.Text.Json.Nodes;

namespace Stepwise.Core.Expressions.Syntax;

/// <summary>
/// Precedence-climbing parser. Binding strength, lowest first:
/// <code>
///  level  operators              associativity
///  1      c ? a : b              right
///  2      ??                     right
///  3      ||                     left
///  4      &amp;&amp;                     left
///  5      ==  !=                 left
///  6      &lt;  &lt;=  &gt;  &gt;=             left
///  7      +  -                   left
///  8      *  /  %                left
///  9      !x  -x                 prefix
///  10     .  ?.  [ ]  ?.[ ]  f() postfix
/// </code>
/// Lambdas (<c>x =&gt; e</c>, <c>(a, b) =&gt; e</c>) are parsed only as function arguments. The first error stops
/// the parse: one clear message beats a cascade.
/// </summary>
internal sealed partial class Parser
{
    public const int MaxLength = 4096;
    public const int MaxDepth = 64;

    private readonly string _source;
    private readonly List<Token> _tokens;
    private int _position;
    private int _depth;
    private ExpressionError? _error;

    private Parser(string source, List<Token> tokens)
    {
        _source = source;
        _tokens = tokens;
    }

    private Token Current => _tokens[_position];

    public static SyntaxNode? Parse(string source, out ExpressionError error)
    {
        if (source.Length > MaxLength)
        {
            error = new ExpressionError(ExpressionMessages.TooLong(source.Length, MaxLength), MaxLength, source.Length - MaxLength);
            return null;
        }

        var tokens = new List<Token>();
        if (!Lexer.TryTokenize(source, tokens, out error))
        {
            return null;
        }

        if (tokens[0].Kind == TokenKind.End)
        {
            error = new ExpressionError("empty expression", 0, source.Length);
            return null;
        }

        var parser = new Parser(source, tokens);
        var tree = parser.ParseExpression();
        if (tree is not null && parser.Current.Kind != TokenKind.End)
        {
            tree = parser.Unexpected();
        }

        error = parser._error ?? default;
        return tree;
    }

    private static int Precedence(TokenKind kind) => kind switch
    {
        TokenKind.QuestionQuestion => 2,
        TokenKind.PipePipe => 3,
        TokenKind.AmpAmp => 4,
        TokenKind.EqualEqual or TokenKind.BangEqual => 5,
        TokenKind.Less or TokenKind.LessEqual or TokenKind.Greater or TokenKind.GreaterEqual => 6,
        TokenKind.Plus or TokenKind.Minus => 7,
        TokenKind.Star or TokenKind.Slash or TokenKind.Percent => 8,
        _ => 0,
    };

    private SyntaxNode? ParseExpression()
    {
        if (!Enter())
        {
            return null;
        }

        var condition = ParseBinary(2);
        SyntaxNode? result = condition;
        if (condition is not null && Current.Kind == TokenKind.Question)
        {
            _position++;
            var whenTrue = ParseExpression();
            if (whenTrue is null || !Expect(TokenKind.Colon, "':'"))
            {
                return null;
            }

            var whenFalse = ParseExpression();
            result = whenFalse is null ? null : new ConditionalNode(condition, whenTrue, whenFalse);
        }

        _depth--;
        return result;
    }

    private SyntaxNode? ParseBinary(int minimumPrecedence)
    {
        var left = ParseUnary();
        while (left is not null)
        {
            var op = Current;
            var precedence = Precedence(op.Kind);
            if (precedence == 0 || precedence < minimumPrecedence)
            {
                break;
            }

            _position++;
            // `??` is right-associative: a ?? b ?? c reads a ?? (b ?? c).
            var right = ParseBinary(op.Kind == TokenKind.QuestionQuestion ? precedence : precedence + 1);
            if (right is null)
            {
                return null;
            }

            left = new BinaryNode(_source[op.Start..op.End], left, right, op.Start);
        }

        return left;
    }

    private SyntaxNode? ParseUnary()
    {
        var op = Current;
        if (op.Kind is not (TokenKind.Bang or TokenKind.Minus))
        {
            return ParsePostfix();
        }

        if (!Enter())
        {
            return null;
        }

        _position++;
        var operand = ParseUnary();
        _depth--;
        return operand is null ? null : new UnaryNode(op.Kind == TokenKind.Bang ? "!" : "-", operand, op.Start);
    }

    private SyntaxNode? ParsePostfix()
    {
        var primary = Current;
        var node = ParsePrimary();

        // Only a name as written is callable: '(nodes)(1)' parses its name in parentheses and is not a call.
        var isBareName = node is IdentifierNode && primary.Kind == TokenKind.Identifier;
        while (node is not null)
        {
            switch (Current.Kind)
            {
                case TokenKind.Dot:
                    _position++;
                    node = ParseMemberName(node, nullSafe: false);
                    break;
                case TokenKind.QuestionDot:
                    _position++;
                    node = Current.Kind == TokenKind.LeftBracket ? ParseIndex(node, nullSafe: true) : ParseMemberName(node, nullSafe: true);
                    break;
                case TokenKind.LeftBracket:
                    node = ParseIndex(node, nullSafe: false);
                    break;
                case TokenKind.LeftParen when isBareName:
                    node = ParseCall(primary);
                    break;
                case TokenKind.LeftParen:
                    return Fail($"'{_source[node.Start..node.End]}' is not a function", node.Start, node.Length);
                default:
                    return node;
            }

            isBareName = false;
        }

        return null;
    }

    private SyntaxNode? ParseMemberName(SyntaxNode target, bool nullSafe)
    {
        var name = Current;
        if (name.Kind != TokenKind.Identifier)
        {
            return Fail($"expected a member name after '{(nullSafe ? "?." : ".")}' but found {name.Describe(_source)}", name.Start, name.Length);
        }

        _position++;
        return new MemberNode(target, name.Text!, nullSafe, name.Start, name.End);
    }

    private IndexNode? ParseIndex(SyntaxNode target, bool nullSafe)
    {
        _position++;
        var index = ParseExpression();
        if (index is null)
        {
            return null;
        }

        var close = Current;
        return Expect(TokenKind.RightBracket, "']'") ? new IndexNode(target, index, nullSafe, close.End) : null;
    }

    private SyntaxNode? ParsePrimary()
    {
        var token = Current;
        switch (token.Kind)
        {
            case TokenKind.Int:
                _position++;
                return new LiteralNode(JsonValue.Create(token.IntValue), token.Start, token.End);
            case TokenKind.Number:
                _position++;
                return new LiteralNode(JsonValue.Create(token.NumberValue), token.Start, token.End);
            case TokenKind.String:
                _position++;
                return new LiteralNode(JsonValue.Create(token.Text!), token.Start, token.End);
            case TokenKind.Identifier:
                _position++;
                return token.Text switch
                {
                    "true" => new LiteralNode(JsonValue.Create(true), token.Start, token.End),
                    "false" => new LiteralNode(JsonValue.Create(false), token.Start, token.End),
                    "null" => new LiteralNode(null, token.Start, token.End),
                    _ => new IdentifierNode(token.Text!, token.Start, token.End),
                };
            case TokenKind.LeftParen:
                _position++;
                var inner = ParseExpression();
                return inner is not null && Expect(TokenKind.RightParen, "')'") ? inner : null;
            case TokenKind.LeftBracket:
                _position++;
                var items = new List<SyntaxNode>();
                return ParseList(items, TokenKind.RightBracket, "']'", ParseExpression)
                    ? new ArrayNode(items, token.Start, _tokens[_position - 1].End)
                    : null;
            case TokenKind.LeftBrace:
                return ParseObject();
            default:
                return Unexpected();
        }
    }

    private ObjectNode? ParseObject()
    {
        var open = Current;
        _position++;
        var members = new List<ObjectMember>();
        if (!ParseList(members, TokenKind.RightBrace, "'}'", () => ParseObjectMember(members)))
        {
            return null;
        }

        return new ObjectNode(members, open.Start, _tokens[_position - 1].End);
    }

    private ObjectMember? ParseObjectMember(List<ObjectMember> previous)
    {
        var key = Current;
        if (key.Kind is not (TokenKind.Identifier or TokenKind.String))
        {
            Fail($"expected an object key (a name or a string) but found {key.Describe(_source)}", key.Start, key.Length);
            return null;
        }

        if (previous.Exists(member => member.Key == key.Text))
        {
            Fail($"duplicate key '{key.Text}' in object", key.Start, key.Length);
            return null;
        }

        _position++;
        if (!Expect(TokenKind.Colon, "':'"))
        {
            return null;
        }

        var value = ParseExpression();
        return value is null ? null : new ObjectMember(key.Text!, key.Start, key.End, value);
    }

    /// <summary>Parses <c>item, item, ...</c> up to the closing token (a trailing comma is allowed).</summary>
    private bool ParseList<T>(List<T> items, TokenKind close, string closeText, Func<T?> parseItem)
        where T : class
    {
        while (Current.Kind != close)
        {
            var item = parseItem();
            if (item is null)
            {
                return false;
            }

            items.Add(item);
            if (Current.Kind == TokenKind.Comma)
            {
                _position++;
            }
            else if (Current.Kind != close)
            {
                Fail($"expected ',' or {closeText} but found {Current.Describe(_source)}", Current.Start, Current.Length);
                return false;
            }
        }

        _position++;
        return true;
    }

    private Token Peek(int offset) => _tokens[Math.Min(_position + offset, _tokens.Count - 1)];

    private bool Enter()
    {
        if (++_depth <= MaxDepth)
        {
            return true;
        }

        Fail(ExpressionMessages.TooDeep(MaxDepth), Current.Start, Current.Length);
        return false;
    }

    private bool Expect(TokenKind kind, string text)
    {
        if (Current.Kind == kind)
        {
            _position++;
            return true;
        }

        Fail($"expected {text} but found {Current.Describe(_source)}", Current.Start, Current.Length);
        return false;
    }

    private SyntaxNode? Unexpected()
    {
        var token = Current;
        var message = token.Kind switch
        {
            TokenKind.End => "unexpected end of expression",
            TokenKind.Arrow => "unexpected token '=>': lambdas like x => x.name are only allowed as function arguments",
            _ => $"unexpected token {token.Describe(_source)}",
        };
        return Fail(message, token.Start, token.Length);
    }

    private SyntaxNode? Fail(string message, int offset, int length)
    {
        _error ??= new ExpressionError(message, offset, length);
        return null;
    }
}
