using System.Text.Json.Nodes;
using Stepwise.Core.Query;
using Stepwise.Server.Errors;

namespace Stepwise.Server.Query;

/// <summary>
/// A query error in the envelope: lexer and parser errors are 400 (the text is malformed), semantic and compiler
/// errors 422 (well-formed but not answerable), execution errors 422 for the time limit and 503 for a database
/// failure. <c>details</c> carries <c>type</c>, <c>position</c> (0-based) and <c>length</c>.
/// </summary>
internal static class QueryErrors
{
    public static ErrorResult ToResult(QueryError error)
    {
        var details = new JsonObject { ["type"] = error.Type.ToString(), ["position"] = error.Position, ["length"] = error.Length };
        return error.Type switch
        {
            QueryErrorType.LexerError or QueryErrorType.ParserError => ApiErrors.BadRequest(error.Message, details),
            QueryErrorType.ExecutionError when error.ServerFault =>
                new ErrorResult(StatusCodes.Status503ServiceUnavailable, ErrorCodes.ServiceUnavailable, error.Message, details),
            _ => ApiErrors.Validation(error.Message, details),
        };
    }
}
