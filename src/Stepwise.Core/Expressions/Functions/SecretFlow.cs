namespace Stepwise.Core.Expressions.Functions;

/// <summary>What a function's result has of a secret in its arguments: how the evaluator tracks it (docs/security.md).</summary>
internal enum SecretFlow
{
    /// <summary>
    /// A new value computed from the arguments (an upper-cased, encoded, cut or hashed text, a parsed number): when an
    /// argument is tainted, every text and number of the result is registered and masked. The default, so a new
    /// function is tracked until it says otherwise.
    /// </summary>
    Derives,

    /// <summary>The result is made of argument values unchanged (first, filter, coalesce...): they stay tainted as they are.</summary>
    Selects,

    /// <summary>The result only tells something about the arguments (a bool, a length, a count): not tracked.</summary>
    Tests,
}
