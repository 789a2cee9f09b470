using System.Globalization;
using System.Text;

namespace Stepwise.Core.Expressions.Syntax;

/// <summary>Turns expression text into tokens; the first lexical error stops it.</summary>
internal static class Lexer
{
    /// <summary>Tokenizes <paramref name="source"/>; on error returns false with the error (tokens so far are kept).</summary>
    public static bool TryTokenize(string source, List<Token> tokens, out ExpressionError error)
    {
        var position = 0;
        while (true)
        {
            while (position < source.Length && char.IsWhiteSpace(source[position]))
            {
                position++;
            }

            if (position >= source.Length)
            {
                tokens.Add(new Token(TokenKind.End, source.Length, source.Length));
                error = default;
                return true;
            }

            var c = source[position];
            Token token;
            if (IsIdentifierStart(c))
            {
                var start = position;
                while (position < source.Length && IsIdentifierPart(source[position]))
                {
                    position++;
                }

                token = new Token(TokenKind.Identifier, start, position, source[start..position]);
            }
            else if (char.IsAsciiDigit(c))
            {
                if (!TryReadNumber(source, ref position, out token, out error))
                {
                    return false;
                }
            }
            else if (c is '\'' or '"')
            {
                if (!TryReadString(source, ref position, out token, out error))
                {
                    return false;
                }
            }
            else if (!TryReadPunctuation(source, ref position, out token))
            {
                var shown = char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString();
                error = new ExpressionError($"unexpected character '{shown}'", position, 1);
                return false;
            }

            tokens.Add(token);
        }
    }

    public static bool IsIdentifierStart(char c) => char.IsAsciiLetter(c) || c == '_';

    public static bool IsIdentifierPart(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    private static bool TryReadNumber(string source, ref int position, out Token token, out ExpressionError error)
    {
        var start = position;
        var isInteger = true;
        while (position < source.Length && char.IsAsciiDigit(source[position]))
        {
            position++;
        }

        // A dot is a fraction only when a digit follows: `1.foo` stays a (failing) member access.
        if (position + 1 < source.Length && source[position] == '.' && char.IsAsciiDigit(source[position + 1]))
        {
            isInteger = false;
            position++;
            while (position < source.Length && char.IsAsciiDigit(source[position]))
            {
                position++;
            }
        }

        if (position < source.Length && source[position] is 'e' or 'E')
        {
            var exponent = position + 1;
            if (exponent < source.Length && source[exponent] is '+' or '-')
            {
                exponent++;
            }

            if (exponent < source.Length && char.IsAsciiDigit(source[exponent]))
            {
                isInteger = false;
                position = exponent;
                while (position < source.Length && char.IsAsciiDigit(source[position]))
                {
                    position++;
                }
            }
        }

        if (position < source.Length && IsIdentifierPart(source[position]))
        {
            var end = position;
            while (end < source.Length && IsIdentifierPart(source[end]))
            {
                end++;
            }

            error = new ExpressionError($"invalid number '{source[start..end]}'", start, end - start);
            token = default;
            return false;
        }

        var text = source.AsSpan(start, position - start);
        if (isInteger && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var integer))
        {
            token = new Token(TokenKind.Int, start, position, IntValue: integer);
        }
        else
        {
            var number = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
            if (!double.IsFinite(number))
            {
                error = new ExpressionError($"number '{text}' is too large", start, position - start);
                token = default;
                return false;
            }

            token = new Token(TokenKind.Number, start, position, NumberValue: number);
        }

        error = default;
        return true;
    }

    /// <summary>Reads a quoted string at <paramref name="position"/>; the query language shares these rules.</summary>
    internal static bool TryReadString(string source, ref int position, out Token token, out ExpressionError error)
    {
        var start = position;
        var quote = source[position++];
        var builder = new StringBuilder();
        while (position < source.Length)
        {
            var c = source[position];
            if (c == quote)
            {
                position++;
                token = new Token(TokenKind.String, start, position, builder.ToString());
                error = default;
                return true;
            }

            if (c != '\\')
            {
                builder.Append(c);
                position++;
                continue;
            }

            if (position + 1 >= source.Length)
            {
                break;
            }

            var escape = source[position + 1];
            switch (escape)
            {
                case '\\' or '\'' or '"' or '/':
                    builder.Append(escape);
                    break;
                case 'n':
                    builder.Append('\n');
                    break;
                case 't':
                    builder.Append('\t');
                    break;
                case 'r':
                    builder.Append('\r');
                    break;
                case 'b':
                    builder.Append('\b');
                    break;
                case 'f':
                    builder.Append('\f');
                    break;
                case '0':
                    builder.Append('\0');
                    break;
                case 'u':
                    if (position + 6 > source.Length
                        || !ushort.TryParse(source.AsSpan(position + 2, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
                    {
                        var length = Math.Min(6, source.Length - position);
                        error = new ExpressionError("invalid escape sequence: \\u needs 4 hex digits", position, length);
                        token = default;
                        return false;
                    }

                    builder.Append((char)code);
                    position += 4;
                    break;
                default:
                    error = new ExpressionError($"invalid escape sequence '\\{escape}'", position, 2);
                    token = default;
                    return false;
            }

            position += 2;
        }

        error = new ExpressionError("unterminated string", start, source.Length - start);
        token = default;
        return false;
    }

    private static bool TryReadPunctuation(string source, ref int position, out Token token)
    {
        var c = source[position];
        var next = position + 1 < source.Length ? source[position + 1] : '\0';
        var afterNext = position + 2 < source.Length ? source[position + 2] : '\0';
        (TokenKind Kind, int Length)? match = c switch
        {
            '(' => (TokenKind.LeftParen, 1),
            ')' => (TokenKind.RightParen, 1),
            '[' => (TokenKind.LeftBracket, 1),
            ']' => (TokenKind.RightBracket, 1),
            '{' => (TokenKind.LeftBrace, 1),
            '}' => (TokenKind.RightBrace, 1),
            ',' => (TokenKind.Comma, 1),
            ':' => (TokenKind.Colon, 1),
            '.' => (TokenKind.Dot, 1),
            '+' => (TokenKind.Plus, 1),
            '-' => (TokenKind.Minus, 1),
            '*' => (TokenKind.Star, 1),
            '/' => (TokenKind.Slash, 1),
            '%' => (TokenKind.Percent, 1),
            // `a ?.5 : b` is a conditional, not a null-safe member access.
            '?' when next == '.' && !char.IsAsciiDigit(afterNext) => (TokenKind.QuestionDot, 2),
            '?' when next == '?' => (TokenKind.QuestionQuestion, 2),
            '?' => (TokenKind.Question, 1),
            '=' when next == '=' => (TokenKind.EqualEqual, 2),
            '=' when next == '>' => (TokenKind.Arrow, 2),
            '!' when next == '=' => (TokenKind.BangEqual, 2),
            '!' => (TokenKind.Bang, 1),
            '<' when next == '=' => (TokenKind.LessEqual, 2),
            '<' => (TokenKind.Less, 1),
            '>' when next == '=' => (TokenKind.GreaterEqual, 2),
            '>' => (TokenKind.Greater, 1),
            '&' when next == '&' => (TokenKind.AmpAmp, 2),
            '|' when next == '|' => (TokenKind.PipePipe, 2),
            _ => null,
        };

        if (match is not { } found)
        {
            token = default;
            return false;
        }

        token = new Token(found.Kind, position, position + found.Length);
        position += found.Length;
        return true;
    }
}
