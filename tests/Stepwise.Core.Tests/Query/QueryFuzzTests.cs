using CsCheck;
using Stepwise.Core.Query;

namespace Stepwise.Core.Tests.Query;

/// <summary>
/// A million generated queries through the lexer, parser and checker: each ends in a checked query or one error
/// whose position lies inside the text, never an exception (a 500) and never a hang.
/// </summary>
public class QueryFuzzTests
{
    private static readonly DateTimeOffset Now = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly string[] Fragments =
    [
        "count", "executions", "steps", "records", "workflows", "audit", "users", "where", "and", "or", "not", "in", "like",
        "contains", "is", "null", "true", "false", "order", "group", "by", "asc", "desc", "limit", "now", "(", ")", ",", ".",
        "=", "!=", "<>", "<", "<=", ">", ">=", "-", "+", "status", "workflow", "params", "params.email", "payload.customer.id",
        "output.items.0", "duration", "created_at", "started_at", "node", "version", "'failed'", "\"x\"", "'a\\'b'", "'", "\"",
        "\\", "42", "-1", "2.5", "1e9", "24h", "2s", "500ms", "1h30m", "9999999999999999999999", "now()", "now() - 24h",
        "@", "#", ";", "--", "/*", "*/", "\u0000", "é", "\ud800", "'\\u00e9'", "'\\u12'", "1000", "0",
    ];

    private static readonly string[] Good =
    [
        "executions where status = 'failed' and workflow = 'signup' and started_at > now() - 24h and params.email = 'ada@example.com' order by started_at desc limit 20",
        "records where payload.customer.id = 42",
        "steps where duration > 2s and node = 'charge'",
        "count executions group by status",
        "executions where not (status in ('a', 'b') or params.x is not null) and error contains 'x' limit 5",
    ];

    private static readonly Gen<string> Tokens =
        Gen.OneOf(Fragments).Array[0, 24].Select(parts => string.Join(' ', parts));

    private static readonly Gen<string> Glued =
        Gen.OneOf(Fragments).Array[0, 24].Select(parts => string.Concat(parts));

    private static readonly Gen<string> Mutated =
        Gen.Select(Gen.OneOf(Good), Gen.Int[0, 200], Gen.Int[0, 30], Gen.OneOf(Fragments), (good, at, cut, insert) =>
        {
            var position = Math.Min(at, good.Length);
            var removed = Math.Min(cut, good.Length - position);
            return good.Remove(position, removed).Insert(position, insert);
        });

    private static readonly Gen<string> Noise = Gen.String[Gen.Char, 0, 80];

    private static readonly Gen<string> Printable = Gen.String[Gen.Char[' ', '~'], 0, 80];

    [Fact]
    public void Analyze_OneMillionGeneratedQueries_NeverThrowsAndPlacesEveryError()
    {
        var gen = Gen.Frequency<string>((4, Tokens), (2, Glued), (3, Mutated), (1, Noise), (2, Printable));

        gen.Sample(Exercise, iter: 1_000_000, threads: 1);
    }

    private static void Exercise(string text)
    {
        var query = QueryLanguage.Analyze(text, Now, out var error);
        if (query is null)
        {
            Assert.NotNull(error);
            Assert.InRange(error.Position, 0, text.Length);
            Assert.InRange(error.Length, 0, text.Length - error.Position);
            Assert.NotEqual(QueryErrorType.ExecutionError, error.Type);
            Assert.False(string.IsNullOrWhiteSpace(error.Message));
        }
        else
        {
            Assert.Null(error);
            Assert.InRange(query.Limit, 1, 1000);
        }
    }
}
