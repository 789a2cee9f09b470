namespace Stepwise.Core.Query.Syntax;

/// <summary>One lexeme of a query: identifiers and strings carry their text, numbers and durations their value.</summary>
internal readonly record struct QueryToken(
    QueryTokenKind Kind, int Start, int End, string? Text = null, long IntValue = 0, double NumberValue = 0, TimeSpan DurationValue = default)
{
    public int Length => End - Start;

    /// <summary>Whether this is the keyword <paramref name="keyword"/> (keywords are case-insensitive).</summary>
    public bool Is(string keyword) =>
        Kind == QueryTokenKind.Identifier && string.Equals(Text, keyword, StringComparison.OrdinalIgnoreCase);

    /// <summary>How the token reads after "got": <c>'123'</c>, <c>'where'</c>.</summary>
    public string Describe(string source) => "'" + Shorten(source[Start..End]) + "'";

    private static string Shorten(string text) => text.Length > 40 ? text[..40] + "..." : text;
}
