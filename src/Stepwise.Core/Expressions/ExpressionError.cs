namespace Stepwise.Core.Expressions;

/// <summary>A problem in one expression: the message and where in the expression's source text (0-based).</summary>
public readonly record struct ExpressionError(string Message, int Offset, int Length);
