using System.Globalization;
using Stepwise.Core.Definitions;
using Stepwise.Core.Expressions.Syntax;

namespace Stepwise.Core.Query.Syntax;

/// <summary>
/// Turns query text into tokens; the first lexical error stops it. Identifiers and quoted strings follow the
/// expression language's rules (strings are read by its lexer); a number followed by a unit is a duration
/// (<c>2s</c>, <c>24h</c>, <c>1h30m</c>).
/// </summary>
internal static class QueryLexer
{
    public static bool TryTokenize(string source, List<QueryToken> tokens, out QueryError? error)
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
                tokens.Add(new QueryToken(QueryTokenKind.End, source.Length, source.Length));
                error = null;
                return true;
            }

            var c = source[position];
            QueryToken token;
            if (Lexer.IsIdentifierStart(c))
            {
                var start = position;
                while (position < source.Length && Lexer.IsIdentifierPart(source[position]))
                {
                    position++;
                }

                token = new QueryToken(QueryTokenKind.Identifier, start, position, source[start..position]);
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
                if (!Lexer.TryReadString(source, ref position, out var text, out var stringError))
                {
                    error = QueryError.Lexer(stringError.Message, stringError.Offset, stringError.Length);
                    return false;
                }

                if (text.Text!.Contains('\0', StringComparison.Ordinal))
                {
                    // SQLite would cut the value at the NUL and PostgreSQL refuses it: neither compares it as written.
                    error = QueryError.Lexer("strings cannot contain the character \\u0000", text.Start, text.Length);
                    return false;
                }

                token = new QueryToken(QueryTokenKind.String, text.Start, text.End, text.Text);
            }
            else if (!TryReadPunctuation(source, ref position, out token))
            {
                var shown = char.IsControl(c) || char.IsSurrogate(c) ? $"\\u{(int)c:x4}" : c.ToString();
                error = QueryError.Lexer($"unexpected character '{shown}'", position, 1);
                return false;
            }

            tokens.Add(token);
        }
    }

    private static bool TryReadNumber(string source, ref int position, out QueryToken token, out QueryError? error)
    {
        var start = position;
        while (position < source.Length && char.IsAsciiDigit(source[position]))
        {
            position++;
        }

        var isInteger = true;
        if (position + 1 < source.Length && source[position] == '.' && char.IsAsciiDigit(source[position + 1]))
        {
            isInteger = false;
            position++;
            while (position < source.Length && char.IsAsciiDigit(source[position]))
            {
                position++;
            }
        }

        if (position < source.Length && Lexer.IsIdentifierPart(source[position]))
        {
            // Letters right after digits: a duration such as 24h or 1h30m, or a mistake.
            while (position < source.Length && Lexer.IsIdentifierPart(source[position]))
            {
                position++;
            }

            var text = source[start..position];
            if (isInteger && Duration.TryParse(text, out var duration))
            {
                token = new QueryToken(QueryTokenKind.Duration, start, position, DurationValue: duration);
                error = null;
                return true;
            }

            token = default;
            error = QueryError.Lexer(
                $"invalid number or duration '{text}': durations are written like 500ms, 30s, 5m, 2h or 1d", start, position - start);
            return false;
        }

        var span = source.AsSpan(start, position - start);
        if (isInteger)
        {
            if (!long.TryParse(span, NumberStyles.None, CultureInfo.InvariantCulture, out var integer))
            {
                token = default;
                error = QueryError.Lexer($"number '{span}' is too large: whole numbers go up to {long.MaxValue}", start, position - start);
                return false;
            }

            token = new QueryToken(QueryTokenKind.Int, start, position, IntValue: integer);
        }
        else
        {
            var number = double.Parse(span, NumberStyles.Float, CultureInfo.InvariantCulture);
            if (!double.IsFinite(number))
            {
                token = default;
                error = QueryError.Lexer($"number '{span}' is too large", start, position - start);
                return false;
            }

            token = new QueryToken(QueryTokenKind.Number, start, position, NumberValue: number);
        }

        error = null;
        return true;
    }

    private static bool TryReadPunctuation(string source, ref int position, out QueryToken token)
    {
        var c = source[position];
        var next = position + 1 < source.Length ? source[position + 1] : '\0';
        (QueryTokenKind Kind, int Length)? match = c switch
        {
            '(' => (QueryTokenKind.LeftParen, 1),
            ')' => (QueryTokenKind.RightParen, 1),
            ',' => (QueryTokenKind.Comma, 1),
            '.' => (QueryTokenKind.Dot, 1),
            '-' => (QueryTokenKind.Minus, 1),
            '+' => (QueryTokenKind.Plus, 1),
            '=' when next == '=' => (QueryTokenKind.Equal, 2),
            '=' => (QueryTokenKind.Equal, 1),
            '!' when next == '=' => (QueryTokenKind.NotEqual, 2),
            '<' when next == '>' => (QueryTokenKind.NotEqual, 2),
            '<' when next == '=' => (QueryTokenKind.LessEqual, 2),
            '<' => (QueryTokenKind.Less, 1),
            '>' when next == '=' => (QueryTokenKind.GreaterEqual, 2),
            '>' => (QueryTokenKind.Greater, 1),
            _ => null,
        };

        if (match is not { } found)
        {
            token = default;
            return false;
        }

        token = new QueryToken(found.Kind, position, position + found.Length);
        position += found.Length;
        return true;
    }
}
