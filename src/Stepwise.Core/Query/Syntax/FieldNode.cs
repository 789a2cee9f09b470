namespace Stepwise.Core.Query.Syntax;

/// <summary>A field, or a JSON path into one: <c>status</c>, <c>params.customer.email</c>, <c>output.items.0</c>.</summary>
internal sealed record FieldNode(IReadOnlyList<string> Segments, int Start, int End)
{
    public string Text => string.Join('.', Segments);
}
