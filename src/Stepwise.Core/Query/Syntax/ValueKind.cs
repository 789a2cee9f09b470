namespace Stepwise.Core.Query.Syntax;

internal enum ValueKind
{
    String,
    Int,
    Number,
    Bool,
    Null,
    Duration,

    /// <summary><c>now()</c>, optionally plus or minus a duration (<see cref="ValueNode.Duration"/>, signed).</summary>
    Now,
}
