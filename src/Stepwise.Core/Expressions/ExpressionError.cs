using Stepwise.Core.Diagnostics;

namespace Stepwise.Core.Expressions;

/// <summary>
/// A problem in one expression: the message, where in the expression's source text (0-based), and its kind
/// (<see cref="DiagnosticCategory.SyntaxError"/> unless the checker says otherwise).
/// </summary>
public readonly record struct ExpressionError(
    string Message, int Offset, int Length, DiagnosticCategory Category = DiagnosticCategory.SyntaxError);
