namespace Stepwise.Core.Query;

/// <summary>The stage of the query language that refused a query (seed 004's categories).</summary>
internal enum QueryErrorType
{
    /// <summary>A character no token starts with, an unterminated string.</summary>
    LexerError,

    /// <summary>Tokens in an order the grammar does not allow.</summary>
    ParserError,

    /// <summary>Well-formed, but meaningless: an unknown entity, a limit out of range, <c>group by</c> without <c>count</c>.</summary>
    SemanticError,

    /// <summary>Cannot be turned into SQL: an unknown field of the entity, a value of the wrong type.</summary>
    CompilerError,

    /// <summary>Failed while running: the time limit, the database unavailable.</summary>
    ExecutionError,
}
