namespace Stepwise.Core.Query.Syntax;

internal sealed record OrderNode(FieldNode Field, bool Descending);
