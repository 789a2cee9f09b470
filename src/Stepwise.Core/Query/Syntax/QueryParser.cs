namespace Stepwise.Core.Query.Syntax;

/// <summary>
/// Recursive-descent parser of the query grammar (docs/query.md). <c>or</c> binds looser than <c>and</c>, which
/// binds looser than <c>not</c>; parentheses group. The first error stops the parse: one clear message, with the
/// position of the token that broke it, beats a cascade.
/// </summary>
internal sealed class QueryParser
{
    public const int MaxLength = 4000;
    public const int MaxDepth = 64;
    public const int MaxInValues = 100;
    public const int MaxPathSegments = 16;

    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "where", "and", "or", "not", "in", "like", "contains", "is", "null", "true", "false", "order", "group", "by",
        "limit", "asc", "desc", "count", "now",
    };

    private readonly string _source;
    private readonly List<QueryToken> _tokens;
    private int _position;
    private int _depth;
    private QueryError? _error;

    private QueryParser(string source, List<QueryToken> tokens)
    {
        _source = source;
        _tokens = tokens;
    }

    private QueryToken Current => _tokens[_position];

    public static QueryNode? Parse(string source, out QueryError? error)
    {
        if (source.Length > MaxLength)
        {
            error = QueryError.Lexer(
                $"query is too long: {source.Length} characters, the limit is {MaxLength}", MaxLength, source.Length - MaxLength);
            return null;
        }

        var tokens = new List<QueryToken>();
        if (!QueryLexer.TryTokenize(source, tokens, out error))
        {
            return null;
        }

        if (tokens[0].Kind == QueryTokenKind.End)
        {
            error = QueryError.Parser("empty query: start with an entity such as executions, steps, records, workflows or audit", 0, source.Length);
            return null;
        }

        var parser = new QueryParser(source, tokens);
        var query = parser.ParseQuery();
        error = parser._error;
        return error is null ? query : null;
    }

    private QueryNode? ParseQuery()
    {
        var count = false;
        if (Current.Is("count"))
        {
            count = true;
            _position++;
        }

        if (!ExpectName(out var entity))
        {
            return null;
        }

        ConditionNode? where = null;
        if (Current.Is("where"))
        {
            _position++;
            where = ParseOr();
            if (where is null)
            {
                return null;
            }
        }

        FieldNode? groupBy = null;
        if (Current.Is("group"))
        {
            _position++;
            if (!ExpectKeyword("by"))
            {
                return null;
            }

            groupBy = ParseField();
            if (groupBy is null)
            {
                return null;
            }
        }

        var orderBy = new List<OrderNode>();
        if (Current.Is("order"))
        {
            _position++;
            if (!ExpectKeyword("by"))
            {
                return null;
            }

            do
            {
                if (orderBy.Count > 0)
                {
                    _position++;
                }

                var field = ParseField();
                if (field is null)
                {
                    return null;
                }

                var descending = false;
                if (Current.Is("asc") || Current.Is("desc"))
                {
                    descending = Current.Is("desc");
                    _position++;
                }

                orderBy.Add(new OrderNode(field, descending));
            }
            while (Current.Kind == QueryTokenKind.Comma);
        }

        ValueNode? limit = null;
        if (Current.Is("limit"))
        {
            _position++;
            if (Current.Kind != QueryTokenKind.Int)
            {
                return Fail<QueryNode>("a whole number after 'limit'");
            }

            limit = new ValueNode(ValueKind.Int, Current.Start, Current.End, Int: Current.IntValue);
            _position++;
        }

        if (Current.Kind != QueryTokenKind.End)
        {
            return Fail<QueryNode>("end of input");
        }

        return new QueryNode(count, entity.Text!, entity.Start, entity.End, where, groupBy, orderBy, limit);
    }

    private ConditionNode? ParseOr()
    {
        var left = ParseAnd();
        while (left is not null && Current.Is("or"))
        {
            _position++;
            var right = ParseAnd();
            left = right is null ? null : new OrNode(left, right);
        }

        return left;
    }

    private ConditionNode? ParseAnd()
    {
        var left = ParseNot();
        while (left is not null && Current.Is("and"))
        {
            _position++;
            var right = ParseNot();
            left = right is null ? null : new AndNode(left, right);
        }

        return left;
    }

    private ConditionNode? ParseNot()
    {
        if (!Enter())
        {
            return null;
        }

        try
        {
            if (Current.Is("not"))
            {
                var start = Current.Start;
                _position++;
                var inner = ParseNot();
                return inner is null ? null : new NotNode(inner, start);
            }

            if (Current.Kind == QueryTokenKind.LeftParen)
            {
                _position++;
                var inner = ParseOr();
                if (inner is null)
                {
                    return null;
                }

                if (Current.Kind != QueryTokenKind.RightParen)
                {
                    return Fail<ConditionNode>("')'");
                }

                _position++;
                return inner;
            }

            return ParsePredicate();
        }
        finally
        {
            _depth--;
        }
    }

    private ConditionNode? ParsePredicate()
    {
        var field = ParseField();
        if (field is null)
        {
            return null;
        }

        var op = Current;
        QueryOperator? comparison = op.Kind switch
        {
            QueryTokenKind.Equal => QueryOperator.Equal,
            QueryTokenKind.NotEqual => QueryOperator.NotEqual,
            QueryTokenKind.Less => QueryOperator.Less,
            QueryTokenKind.LessEqual => QueryOperator.LessEqual,
            QueryTokenKind.Greater => QueryOperator.Greater,
            QueryTokenKind.GreaterEqual => QueryOperator.GreaterEqual,
            _ => null,
        };
        if (comparison is { } compare)
        {
            _position++;
            return Single(field, compare, op);
        }

        if (op.Is("is"))
        {
            _position++;
            var negated = Current.Is("not");
            if (negated)
            {
                _position++;
            }

            if (!Current.Is("null"))
            {
                return Fail<ConditionNode>("'null'");
            }

            var end = Current.End;
            _position++;
            return new PredicateNode(field, negated ? QueryOperator.IsNotNull : QueryOperator.IsNull, [], op.Start, end, end);
        }

        if (op.Is("not"))
        {
            _position++;
            var negated = ParseMatch(field, Current);
            return negated is null ? null : new NotNode(negated, op.Start);
        }

        return ParseMatch(field, op);
    }

    /// <summary><c>in (...)</c>, <c>like v</c> or <c>contains v</c> at <paramref name="op"/>.</summary>
    private ConditionNode? ParseMatch(FieldNode field, QueryToken op)
    {
        if (op.Is("like"))
        {
            _position++;
            return Single(field, QueryOperator.Like, op);
        }

        if (op.Is("contains"))
        {
            _position++;
            return Single(field, QueryOperator.Contains, op);
        }

        if (!op.Is("in"))
        {
            return Fail<ConditionNode>("an operator (=, !=, <, <=, >, >=, in, like, contains, is null)");
        }

        _position++;
        if (Current.Kind != QueryTokenKind.LeftParen)
        {
            return Fail<ConditionNode>("'('");
        }

        _position++;
        var values = new List<ValueNode>();
        while (true)
        {
            var value = ParseValue();
            if (value is null)
            {
                return null;
            }

            values.Add(value);
            if (values.Count > MaxInValues)
            {
                _error = QueryError.Parser($"too many values in 'in': the limit is {MaxInValues}", value.Start, value.End - value.Start);
                return null;
            }

            if (Current.Kind == QueryTokenKind.Comma)
            {
                _position++;
                continue;
            }

            if (Current.Kind != QueryTokenKind.RightParen)
            {
                return Fail<ConditionNode>("',' or ')'");
            }

            var end = Current.End;
            _position++;
            return new PredicateNode(field, QueryOperator.In, values, op.Start, op.End, end);
        }
    }

    private PredicateNode? Single(FieldNode field, QueryOperator op, QueryToken opToken)
    {
        var value = ParseValue();
        return value is null ? null : new PredicateNode(field, op, [value], opToken.Start, opToken.End, value.End);
    }

    private ValueNode? ParseValue()
    {
        var token = Current;
        switch (token.Kind)
        {
            case QueryTokenKind.String:
                _position++;
                return new ValueNode(ValueKind.String, token.Start, token.End, Text: token.Text);
            case QueryTokenKind.Int:
                _position++;
                return new ValueNode(ValueKind.Int, token.Start, token.End, Int: token.IntValue);
            case QueryTokenKind.Number:
                _position++;
                return new ValueNode(ValueKind.Number, token.Start, token.End, Number: token.NumberValue);
            case QueryTokenKind.Duration:
                _position++;
                return new ValueNode(ValueKind.Duration, token.Start, token.End, Duration: token.DurationValue);
            case QueryTokenKind.Minus when _tokens[_position + 1] is { Kind: QueryTokenKind.Int or QueryTokenKind.Number } number:
                _position += 2;
                return number.Kind == QueryTokenKind.Int
                    ? new ValueNode(ValueKind.Int, token.Start, number.End, Int: -number.IntValue)
                    : new ValueNode(ValueKind.Number, token.Start, number.End, Number: -number.NumberValue);
        }

        if (token.Is("true") || token.Is("false"))
        {
            _position++;
            return new ValueNode(ValueKind.Bool, token.Start, token.End, Bool: token.Is("true"));
        }

        if (token.Is("null"))
        {
            _position++;
            return new ValueNode(ValueKind.Null, token.Start, token.End);
        }

        if (token.Is("now"))
        {
            return ParseNow(token);
        }

        return Fail<ValueNode>("a value");
    }

    /// <summary><c>now()</c>, <c>now() - 24h</c>, <c>now() + 1d</c>.</summary>
    private ValueNode? ParseNow(QueryToken now)
    {
        _position++;
        if (Current.Kind != QueryTokenKind.LeftParen)
        {
            return Fail<ValueNode>("'(' after 'now'");
        }

        _position++;
        if (Current.Kind != QueryTokenKind.RightParen)
        {
            return Fail<ValueNode>("')'");
        }

        var end = Current.End;
        _position++;
        if (Current.Kind is not (QueryTokenKind.Minus or QueryTokenKind.Plus))
        {
            return new ValueNode(ValueKind.Now, now.Start, end);
        }

        var sign = Current.Kind == QueryTokenKind.Minus ? -1 : 1;
        _position++;
        if (Current.Kind != QueryTokenKind.Duration)
        {
            return Fail<ValueNode>("a duration such as 24h");
        }

        var offset = Current.DurationValue * sign;
        end = Current.End;
        _position++;
        return new ValueNode(ValueKind.Now, now.Start, end, Duration: offset);
    }

    private FieldNode? ParseField()
    {
        if (!ExpectName(out var first))
        {
            return null;
        }

        var segments = new List<string> { first.Text! };
        var end = first.End;
        while (Current.Kind == QueryTokenKind.Dot)
        {
            _position++;
            var segment = Current;
            if (segment.Kind is not (QueryTokenKind.Identifier or QueryTokenKind.Int))
            {
                return Fail<FieldNode>("a name or an index after '.'");
            }

            segments.Add(segment.Kind == QueryTokenKind.Identifier ? segment.Text! : _source[segment.Start..segment.End]);
            if (segments.Count > MaxPathSegments)
            {
                _error = QueryError.Parser(
                    $"path is too deep: the limit is {MaxPathSegments} names", first.Start, segment.End - first.Start);
                return null;
            }

            end = segment.End;
            _position++;
        }

        return new FieldNode(segments, first.Start, end);
    }

    /// <summary>An identifier that is not a keyword: an entity or a field name.</summary>
    private bool ExpectName(out QueryToken name)
    {
        name = Current;
        if (name.Kind == QueryTokenKind.Identifier && !Reserved.Contains(name.Text!))
        {
            _position++;
            return true;
        }

        Fail<object>("identifier");
        return false;
    }

    private bool ExpectKeyword(string keyword)
    {
        if (Current.Is(keyword))
        {
            _position++;
            return true;
        }

        Fail<object>($"'{keyword}'");
        return false;
    }

    private bool Enter()
    {
        if (++_depth <= MaxDepth)
        {
            return true;
        }

        _depth--;
        _error = QueryError.Parser($"query is nested too deeply (limit {MaxDepth})", Current.Start, Current.Length);
        return false;
    }

    /// <summary>Records "expected X, got Y" at the current token, or "unexpected end of input" at the end.</summary>
    private T? Fail<T>(string expected)
        where T : class
    {
        var token = Current;
        _error ??= token.Kind == QueryTokenKind.End
            ? QueryError.Parser("unexpected end of input", token.Start, 0)
            : QueryError.Parser($"expected {expected}, got {token.Describe(_source)}", token.Start, token.Length);
        return null;
    }
}
