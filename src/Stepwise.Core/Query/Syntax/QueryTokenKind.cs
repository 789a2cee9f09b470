namespace Stepwise.Core.Query.Syntax;

internal enum QueryTokenKind
{
    End,
    Identifier,
    Int,
    Number,
    Duration,
    String,
    LeftParen,
    RightParen,
    Comma,
    Dot,
    Minus,
    Plus,
    Equal,
    NotEqual,
    Less,
    LessEqual,
    Greater,
    GreaterEqual,
}
