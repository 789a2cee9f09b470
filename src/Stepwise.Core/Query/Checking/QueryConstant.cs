namespace Stepwise.Core.Query.Checking;

/// <summary>A typed literal, bound as a parameter by the compiler (never written into SQL).</summary>
internal readonly record struct QueryConstant(QueryConstantKind Kind, string? Text = null, long Integer = 0, double Real = 0, bool Bool = false)
{
    public static QueryConstant Of(string text) => new(QueryConstantKind.Text, Text: text);

    public static QueryConstant Of(long integer) => new(QueryConstantKind.Integer, Integer: integer);

    public static QueryConstant Of(double real) => new(QueryConstantKind.Real, Real: real);

    public static QueryConstant Of(bool value) => new(QueryConstantKind.Bool, Bool: value);
}
