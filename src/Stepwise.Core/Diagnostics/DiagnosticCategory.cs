namespace Stepwise.Core.Diagnostics;

/// <summary>
/// The kind of a validation problem, named as seed 004's validator names them: <c>ScopeError</c> (a name that is not
/// declared, or declared twice), <c>TypeError</c> (a value of the wrong type), <c>FunctionError</c> (a call to
/// something that is not a function or with the wrong arguments), <c>SyntaxError</c> (an expression that does not
/// parse). Problems of the document's structure (a missing field, a bad value) have none.
/// </summary>
public enum DiagnosticCategory
{
    None,
    SyntaxError,
    ScopeError,
    TypeError,
    FunctionError,
}
