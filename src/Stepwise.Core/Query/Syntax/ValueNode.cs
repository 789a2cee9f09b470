namespace Stepwise.Core.Query.Syntax;

/// <summary>A literal of a query; only the member its <see cref="Kind"/> names is meaningful.</summary>
internal sealed record ValueNode(
    ValueKind Kind, int Start, int End, string? Text = null, long Int = 0, double Number = 0, bool Bool = false, TimeSpan Duration = default)
{
    /// <summary>The literal's type in messages: <c>string</c>, <c>int</c>, <c>duration</c>, <c>time</c>.</summary>
    public string TypeName => Kind switch
    {
        ValueKind.String => "string",
        ValueKind.Int => "int",
        ValueKind.Number => "number",
        ValueKind.Bool => "bool",
        ValueKind.Null => "null",
        ValueKind.Duration => "duration",
        _ => "time",
    };
}
