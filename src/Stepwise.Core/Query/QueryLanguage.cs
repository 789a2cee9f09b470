using Stepwise.Core.Query.Checking;
using Stepwise.Core.Query.Syntax;

namespace Stepwise.Core.Query;

/// <summary>The query language's front end: text in, a checked query or the first error (with its type and position) out.</summary>
internal static class QueryLanguage
{
    public static CheckedQuery? Analyze(string text, DateTimeOffset now, out QueryError? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parsed = QueryParser.Parse(text, out error);
        return parsed is null ? null : QueryChecker.Check(parsed, now, out error);
    }
}
