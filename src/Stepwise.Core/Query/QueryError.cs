namespace Stepwise.Core.Query;

/// <summary>
/// Why a query was refused: its stage, a message naming the problem, and where in the query text it is (0-based
/// offset and length, as <see cref="Expressions.ExpressionError"/> reports them). Messages never contain SQL.
/// </summary>
/// <remarks><see cref="ServerFault"/> marks an ExecutionError that is the database's failure, not the query's.</remarks>
internal sealed record QueryError(QueryErrorType Type, string Message, int Position, int Length, bool ServerFault = false)
{
    public static QueryError Lexer(string message, int position, int length) => new(QueryErrorType.LexerError, message, position, length);

    public static QueryError Parser(string message, int position, int length) => new(QueryErrorType.ParserError, message, position, length);

    public static QueryError Semantic(string message, int position, int length) => new(QueryErrorType.SemanticError, message, position, length);

    public static QueryError Compiler(string message, int position, int length) => new(QueryErrorType.CompilerError, message, position, length);

    public static QueryError Execution(string message, bool serverFault = false) =>
        new(QueryErrorType.ExecutionError, message, 0, 0, serverFault);
}
