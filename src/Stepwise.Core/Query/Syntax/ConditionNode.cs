namespace Stepwise.Core.Query.Syntax;

/// <summary>A condition of a <c>where</c> clause, with its span in the query text.</summary>
internal abstract record ConditionNode(int Start, int End);
