using Stepwise.Core.Query;

namespace Stepwise.Core.Tests.Query;

/// <summary>Every error of the query language's front end: its type, exact message and position (docs/query.md lists them).</summary>
public class QueryErrorTests
{
    private static readonly DateTimeOffset Now = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    // LexerError
    [InlineData("executions where status = @x", "LexerError", "unexpected character '@'", 26, 1)]
    [InlineData("executions where status = 'failed", "LexerError", "unterminated string", 26, 7)]
    [InlineData("executions where duration > 2x", "LexerError", "invalid number or duration '2x': durations are written like 500ms, 30s, 5m, 2h or 1d", 28, 2)]
    [InlineData("executions where status = 'a\\q'", "LexerError", "invalid escape sequence '\\q'", 28, 2)]
    [InlineData("executions where status = 'a\\u0000'", "LexerError", "strings cannot contain the character \\u0000", 26, 9)]
    [InlineData("executions where version = 99999999999999999999999", "LexerError", "number '99999999999999999999999' is too large: whole numbers go up to 9223372036854775807", 27, 23)]
    // ParserError
    [InlineData("executions where 123 = 1", "ParserError", "expected identifier, got '123'", 17, 3)]
    [InlineData("executions where", "ParserError", "unexpected end of input", 16, 0)]
    [InlineData("executions where status = 'x' and", "ParserError", "unexpected end of input", 33, 0)]
    [InlineData("", "ParserError", "empty query: start with an entity such as executions, steps, records, workflows or audit", 0, 0)]
    [InlineData("executions where status 'x'", "ParserError", "expected an operator (=, !=, <, <=, >, >=, in, like, contains, is null), got ''x''", 24, 3)]
    [InlineData("executions where (status = 'x'", "ParserError", "unexpected end of input", 30, 0)]
    [InlineData("executions where status = 'x')", "ParserError", "expected end of input, got ')'", 29, 1)]
    [InlineData("executions where status is 'x'", "ParserError", "expected 'null', got ''x''", 27, 3)]
    [InlineData("executions where status in 'x'", "ParserError", "expected '(', got ''x''", 27, 3)]
    [InlineData("executions where status = =", "ParserError", "expected a value, got '='", 26, 1)]
    [InlineData("executions limit 'x'", "ParserError", "expected a whole number after 'limit', got ''x''", 17, 3)]
    [InlineData("executions order status", "ParserError", "expected 'by', got 'status'", 17, 6)]
    [InlineData("where status = 'x'", "ParserError", "expected identifier, got 'where'", 0, 5)]
    [InlineData("executions where created_at > now - 1h", "ParserError", "expected '(' after 'now', got '-'", 34, 1)]
    [InlineData("executions where created_at > now() - 5", "ParserError", "expected a duration such as 24h, got '5'", 38, 1)]
    // SemanticError
    [InlineData("users where name = 'x'", "SemanticError", "unknown entity 'users'", 0, 5)]
    [InlineData("executions limit 5000", "SemanticError", "limit must be from 1 to 1000, got 5000", 17, 4)]
    [InlineData("executions limit 0", "SemanticError", "limit must be from 1 to 1000, got 0", 17, 1)]
    [InlineData("executions group by status", "SemanticError", "'group by' needs 'count', as in: count executions group by status", 20, 6)]
    [InlineData("count executions order by status", "SemanticError", "'order by' does not apply to count: groups come largest first", 26, 6)]
    [InlineData("executions where error = null", "SemanticError", "compare with null using 'is null' or 'is not null', as in: error is null", 25, 4)]
    // CompilerError
    [InlineData("workflows where email = 'x'", "CompilerError", "unknown field 'email' on entity 'workflow'", 16, 5)]
    [InlineData("workflows where version = 'two'", "CompilerError", "type mismatch for field 'version': expected int, got string", 26, 5)]
    [InlineData("steps where duration > 2", "CompilerError", "type mismatch for field 'duration': expected duration, got int", 23, 1)]
    [InlineData("executions where status = 1", "CompilerError", "type mismatch for field 'status': expected string, got int", 26, 1)]
    [InlineData("executions where started_at > 'yesterday'", "CompilerError", "invalid time 'yesterday' for field 'started_at': expected an ISO 8601 time such as '2025-03-01T12:00:00Z', or now() - 24h", 30, 11)]
    [InlineData("executions where started_at > 5", "CompilerError", "type mismatch for field 'started_at': expected time, got int", 30, 1)]
    [InlineData("executions where status.code = 'x'", "CompilerError", "field 'status' is string, not JSON: it has no path 'status.code'", 17, 11)]
    [InlineData("executions where params = 'x'", "CompilerError", "'params' is JSON: compare a path into it, such as params.id, or search it with contains", 17, 6)]
    [InlineData("executions where version like '1%'", "CompilerError", "operator 'like' needs a text field: 'version' is int", 25, 4)]
    [InlineData("executions where params.vip > true", "CompilerError", "operator '>' cannot compare true or false", 30, 4)]
    [InlineData("executions where params.at = now()", "CompilerError", "type mismatch for field 'params.at': expected a JSON value (string, number or bool), got time", 29, 5)]
    [InlineData("executions order by params.email", "CompilerError", "cannot order by JSON field 'params.email': order by a field that is not JSON", 20, 12)]
    [InlineData("count executions group by params", "CompilerError", "cannot group by the whole JSON field 'params': group by a path into it, such as params.status", 26, 6)]
    [InlineData("records where email contains 'x'", "CompilerError", "unknown field 'email' on entity 'record'", 14, 5)]
    public void Analyze_BadQuery_ReportsTypeMessageAndPosition(string text, string type, string message, int position, int length)
    {
        var query = QueryLanguage.Analyze(text, Now, out var error);

        Assert.Null(query);
        Assert.Equal(new QueryError(Enum.Parse<QueryErrorType>(type), message, position, length), error);
    }

    [Fact]
    public void Analyze_TooLong_IsALexerErrorAtTheLimit()
    {
        var text = "executions where status = '" + new string('x', 5000) + "'";

        QueryLanguage.Analyze(text, Now, out var error);

        Assert.Equal(new QueryError(QueryErrorType.LexerError, $"query is too long: {text.Length} characters, the limit is 4000", 4000, text.Length - 4000), error);
    }

    [Fact]
    public void Analyze_NestedTooDeeply_IsAParserError()
    {
        var text = "executions where " + string.Concat(Enumerable.Repeat("not ", 70)) + "status = 'x'";

        QueryLanguage.Analyze(text, Now, out var error);

        Assert.Equal(QueryErrorType.ParserError, error!.Type);
        Assert.Equal("query is nested too deeply (limit 64)", error.Message);
    }

    [Theory]
    [InlineData("executions where status = 'failed' and workflow = 'signup' and started_at > now() - 24h and params.email = 'ada@example.com' order by started_at desc limit 20")]
    [InlineData("records where payload.customer.id = 42")]
    [InlineData("steps where duration > 2s and node = 'charge'")]
    [InlineData("count executions group by status")]
    [InlineData("EXECUTIONS WHERE Status = 'x' OR NOT (workflow IN ('a', \"b\")) AND params.items.0 IS NOT NULL LIMIT 5")]
    [InlineData("audit where at >= '2025-03-01' and action like 'auth.%'")]
    [InlineData("workflow where name != 'x' order by created_at asc, name desc")]
    public void Analyze_GoodQuery_Checks(string text)
    {
        var query = QueryLanguage.Analyze(text, Now, out var error);

        Assert.Null(error);
        Assert.NotNull(query);
    }

    [Fact]
    public void Analyze_NowMinusDuration_IsEvaluatedAtCheckTime()
    {
        var query = QueryLanguage.Analyze("executions where created_at > now() - 24h", Now, out _);

        var predicate = Assert.IsType<Stepwise.Core.Query.Checking.CheckedPredicate>(query!.Where);
        Assert.Equal(Now.AddHours(-24).ToUnixTimeMilliseconds(), predicate.Values[0].Integer);
        Assert.Equal(100, query.Limit);
    }
}
