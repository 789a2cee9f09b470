using Stepwise.Core.Expressions;
using Stepwise.Core.Expressions.Syntax;

namespace Stepwise.Core.Tests.Expressions;

public class LexerTests
{
    [Fact]
    public void TryTokenize_Operators_ProducesEveryKind()
    {
        var kinds = Tokenize("( ) [ ] { } , : . ?. ? ?? + - * / % == != < <= > >= && || ! =>");

        Assert.Equal(
            [
                TokenKind.LeftParen, TokenKind.RightParen, TokenKind.LeftBracket, TokenKind.RightBracket,
                TokenKind.LeftBrace, TokenKind.RightBrace, TokenKind.Comma, TokenKind.Colon, TokenKind.Dot,
                TokenKind.QuestionDot, TokenKind.Question, TokenKind.QuestionQuestion, TokenKind.Plus, TokenKind.Minus,
                TokenKind.Star, TokenKind.Slash, TokenKind.Percent, TokenKind.EqualEqual, TokenKind.BangEqual,
                TokenKind.Less, TokenKind.LessEqual, TokenKind.Greater, TokenKind.GreaterEqual, TokenKind.AmpAmp,
                TokenKind.PipePipe, TokenKind.Bang, TokenKind.Arrow, TokenKind.End,
            ],
            kinds.Select(token => token.Kind));
    }

    [Fact]
    public void TryTokenize_Numbers_SplitsIntsFromNumbers()
    {
        var tokens = Tokenize("42 4.5 1e3 9223372036854775807 9223372036854775808");

        Assert.Equal(TokenKind.Int, tokens[0].Kind);
        Assert.Equal(42, tokens[0].IntValue);
        Assert.Equal(TokenKind.Number, tokens[1].Kind);
        Assert.Equal(4.5, tokens[1].NumberValue);
        Assert.Equal(TokenKind.Number, tokens[2].Kind);
        Assert.Equal(1000, tokens[2].NumberValue);
        Assert.Equal(long.MaxValue, tokens[3].IntValue);
        Assert.Equal(TokenKind.Number, tokens[4].Kind);
    }

    [Fact]
    public void TryTokenize_IntThenDotName_IsMemberAccessNotFraction()
    {
        var kinds = Tokenize("1.foo").Select(token => token.Kind);

        Assert.Equal([TokenKind.Int, TokenKind.Dot, TokenKind.Identifier, TokenKind.End], kinds);
    }

    [Fact]
    public void TryTokenize_QuestionBeforeFraction_IsConditional()
    {
        var kinds = Tokenize("a ?.5 : 1").Select(token => token.Kind).ToList();

        Assert.Equal(TokenKind.Question, kinds[1]);
    }

    [Theory]
    [InlineData("'it\\'s'", "it's")]
    [InlineData("\"say \\\"hi\\\"\"", "say \"hi\"")]
    [InlineData("'a\\nb\\tc\\\\'", "a\nb\tc\\")]
    [InlineData("'\\u00e9t\\u00e9'", "été")]
    [InlineData("\"it's\"", "it's")]
    [InlineData("''", "")]
    public void TryTokenize_Strings_DecodesEscapes(string source, string expected)
    {
        var token = Tokenize(source)[0];

        Assert.Equal(TokenKind.String, token.Kind);
        Assert.Equal(expected, token.Text);
        Assert.Equal(source.Length, token.End);
    }

    [Theory]
    [InlineData("'abc", "unterminated string", 0)]
    [InlineData("1 + \"abc", "unterminated string", 4)]
    [InlineData("'a\\qb'", "invalid escape sequence '\\q'", 2)]
    [InlineData("'\\u12'", "invalid escape sequence: \\u needs 4 hex digits", 1)]
    [InlineData("a # b", "unexpected character '#'", 2)]
    [InlineData("12abc", "invalid number '12abc'", 0)]
    [InlineData("a & b", "unexpected character '&'", 2)]
    public void TryTokenize_BadInput_ReportsErrorWithOffset(string source, string message, int offset)
    {
        var tokens = new List<Token>();

        Assert.False(Lexer.TryTokenize(source, tokens, out var error));
        Assert.Equal(message, error.Message);
        Assert.Equal(offset, error.Offset);
    }

    [Fact]
    public void TryTokenize_Positions_CoverEachLexeme()
    {
        var tokens = Tokenize("  params.name >= 10");

        Assert.Equal((2, 8), (tokens[0].Start, tokens[0].End));
        Assert.Equal((9, 13), (tokens[2].Start, tokens[2].End));
        Assert.Equal((14, 16), (tokens[3].Start, tokens[3].End));
        Assert.Equal((17, 19), (tokens[4].Start, tokens[4].End));
    }

    private static List<Token> Tokenize(string source)
    {
        var tokens = new List<Token>();
        Assert.True(Lexer.TryTokenize(source, tokens, out ExpressionError error), error.Message);
        return tokens;
    }
}
