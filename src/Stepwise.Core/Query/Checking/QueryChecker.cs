using System.Globalization;
using Stepwise.Core.Query.Schema;
using Stepwise.Core.Query.Syntax;

namespace Stepwise.Core.Query.Checking;

/// <summary>
/// Checks a parsed query against the entities: the entity exists (else SemanticError), each field exists on it and
/// each literal fits its field (else CompilerError, as seed 004 names them), the limit is in range. Evaluates
/// <c>now()</c> at <see cref="_now"/>, so the compiled query has only constants.
/// </summary>
internal sealed class QueryChecker
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    private readonly QueryEntity _entity;
    private readonly DateTimeOffset _now;
    private QueryError? _error;

    private QueryChecker(QueryEntity entity, DateTimeOffset now)
    {
        _entity = entity;
        _now = now;
    }

    public static CheckedQuery? Check(QueryNode query, DateTimeOffset now, out QueryError? error)
    {
        if (QueryEntities.Find(query.Entity) is not { } entity)
        {
            error = QueryError.Semantic($"unknown entity '{query.Entity}'", query.EntityStart, query.EntityEnd - query.EntityStart);
            return null;
        }

        var checker = new QueryChecker(entity, now);
        var result = checker.CheckQuery(query);
        error = checker._error;
        return error is null ? result : null;
    }

    private CheckedQuery? CheckQuery(QueryNode query)
    {
        var where = query.Where is null ? null : CheckCondition(query.Where);
        if (_error is not null)
        {
            return null;
        }

        CheckedField? groupBy = null;
        if (query.GroupBy is { } group)
        {
            if (!query.Count)
            {
                return Refuse<CheckedQuery>(QueryError.Semantic(
                    $"'group by' needs 'count', as in: count {_entity.Name} group by {group.Text}", group.Start, group.End - group.Start));
            }

            groupBy = CheckField(group);
            if (groupBy is null)
            {
                return null;
            }

            if (groupBy.Field.Type == QueryFieldType.Json && groupBy.Path.Count == 0)
            {
                return Refuse<CheckedQuery>(QueryError.Compiler(
                    $"cannot group by the whole JSON field '{group.Text}': group by a path into it, such as {group.Text}.status",
                    group.Start, group.End - group.Start));
            }
        }

        var orderBy = new List<CheckedOrder>();
        foreach (var order in query.OrderBy)
        {
            if (query.Count)
            {
                return Refuse<CheckedQuery>(QueryError.Semantic(
                    "'order by' does not apply to count: groups come largest first", order.Field.Start, order.Field.End - order.Field.Start));
            }

            var field = CheckField(order.Field);
            if (field is null)
            {
                return null;
            }

            if (field.Field.Type == QueryFieldType.Json)
            {
                return Refuse<CheckedQuery>(QueryError.Compiler(
                    $"cannot order by JSON field '{order.Field.Text}': order by a field that is not JSON",
                    order.Field.Start, order.Field.End - order.Field.Start));
            }

            orderBy.Add(new CheckedOrder(field, order.Descending));
        }

        var limit = DefaultLimit;
        if (query.Limit is { } limitNode)
        {
            if (limitNode.Int is < 1 or > MaxLimit)
            {
                return Refuse<CheckedQuery>(QueryError.Semantic(
                    $"limit must be from 1 to {MaxLimit}, got {limitNode.Int.ToString(CultureInfo.InvariantCulture)}",
                    limitNode.Start, limitNode.End - limitNode.Start));
            }

            limit = (int)limitNode.Int;
        }

        return new CheckedQuery(_entity, query.Count, where, groupBy, orderBy, limit);
    }

    private CheckedCondition? CheckCondition(ConditionNode node)
    {
        switch (node)
        {
            case AndNode and:
            {
                var left = CheckCondition(and.Left);
                var right = left is null ? null : CheckCondition(and.Right);
                return right is null ? null : new CheckedAnd(left!, right);
            }

            case OrNode or:
            {
                var left = CheckCondition(or.Left);
                var right = left is null ? null : CheckCondition(or.Right);
                return right is null ? null : new CheckedOr(left!, right);
            }

            case NotNode not:
            {
                var inner = CheckCondition(not.Inner);
                return inner is null ? null : new CheckedNot(inner);
            }

            default:
                return CheckPredicate((PredicateNode)node);
        }
    }

    private CheckedPredicate? CheckPredicate(PredicateNode predicate)
    {
        var field = CheckField(predicate.Field);
        if (field is null)
        {
            return null;
        }

        var op = predicate.Operator;
        if (op is QueryOperator.IsNull or QueryOperator.IsNotNull)
        {
            return new CheckedPredicate(field, op, []);
        }

        var type = field.Field.Type;
        var isText = op is QueryOperator.Like or QueryOperator.Contains;
        if (isText && type is not (QueryFieldType.String or QueryFieldType.Json))
        {
            return Refuse<CheckedPredicate>(QueryError.Compiler(
                $"operator '{OperatorText(op)}' needs a text field: '{field.Text}' is {field.Field.TypeName}",
                predicate.OperatorStart, predicate.OperatorEnd - predicate.OperatorStart));
        }

        if (!isText && type == QueryFieldType.Json && field.Path.Count == 0)
        {
            return Refuse<CheckedPredicate>(QueryError.Compiler(
                $"'{field.Text}' is JSON: compare a path into it, such as {field.Text}.id, or search it with contains",
                predicate.Field.Start, predicate.Field.End - predicate.Field.Start));
        }

        var values = new List<QueryConstant>(predicate.Values.Count);
        foreach (var value in predicate.Values)
        {
            var constant = CheckValue(field, op, value);
            if (constant is null)
            {
                return null;
            }

            values.Add(constant.Value);
        }

        return new CheckedPredicate(field, op, values);
    }

    private QueryConstant? CheckValue(CheckedField field, QueryOperator op, ValueNode value)
    {
        if (value.Kind == ValueKind.Null)
        {
            Fail(QueryError.Semantic(
                $"compare with null using 'is null' or 'is not null', as in: {field.Text} is null", value.Start, value.End - value.Start));
            return null;
        }

        if (op is QueryOperator.Like or QueryOperator.Contains)
        {
            return value.Kind == ValueKind.String ? QueryConstant.Of(value.Text!) : Mismatch(field, "string", value);
        }

        switch (field.Field.Type)
        {
            case QueryFieldType.String:
                return value.Kind == ValueKind.String ? QueryConstant.Of(value.Text!) : Mismatch(field, "string", value);
            case QueryFieldType.Int:
                return value.Kind == ValueKind.Int ? QueryConstant.Of(value.Int) : Mismatch(field, "int", value);
            case QueryFieldType.Duration:
                return value.Kind == ValueKind.Duration
                    ? QueryConstant.Of((long)value.Duration.TotalMilliseconds)
                    : Mismatch(field, "duration", value);
            case QueryFieldType.Time:
                return CheckTime(field, value);
            default:
                return CheckJsonValue(field, op, value);
        }
    }

    private QueryConstant? CheckTime(CheckedField field, ValueNode value)
    {
        if (value.Kind == ValueKind.Now)
        {
            DateTimeOffset at;
            try
            {
                at = _now + value.Duration;
            }
            catch (ArgumentOutOfRangeException)
            {
                Fail(QueryError.Compiler("the time now() plus that duration is out of range", value.Start, value.End - value.Start));
                return null;
            }

            return QueryConstant.Of(at.ToUnixTimeMilliseconds());
        }

        if (value.Kind != ValueKind.String)
        {
            return Mismatch(field, "time", value);
        }

        if (value.Text!.Length >= 10 && DateTimeOffset.TryParse(
                value.Text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            return QueryConstant.Of(parsed.ToUnixTimeMilliseconds());
        }

        Fail(QueryError.Compiler(
            $"invalid time '{Shorten(value.Text)}' for field '{field.Text}': expected an ISO 8601 time such as " +
            "'2025-03-01T12:00:00Z', or now() - 24h", value.Start, value.End - value.Start));
        return null;
    }

    private QueryConstant? CheckJsonValue(CheckedField field, QueryOperator op, ValueNode value)
    {
        switch (value.Kind)
        {
            case ValueKind.String:
                return QueryConstant.Of(value.Text!);
            case ValueKind.Int:
                return QueryConstant.Of(value.Int);
            case ValueKind.Number:
                return QueryConstant.Of(value.Number);
            case ValueKind.Bool when op is QueryOperator.Equal or QueryOperator.NotEqual or QueryOperator.In:
                return QueryConstant.Of(value.Bool);
            case ValueKind.Bool:
                Fail(QueryError.Compiler(
                    $"operator '{OperatorText(op)}' cannot compare true or false", value.Start, value.End - value.Start));
                return null;
            default:
                return Mismatch(field, "a JSON value (string, number or bool)", value);
        }
    }

    private CheckedField? CheckField(FieldNode node)
    {
        if (!_entity.ByName.TryGetValue(node.Segments[0], out var field))
        {
            Fail(QueryError.Compiler(
                $"unknown field '{node.Segments[0]}' on entity '{_entity.Singular}'", node.Start, node.Segments[0].Length));
            return null;
        }

        if (node.Segments.Count > 1 && field.Type != QueryFieldType.Json)
        {
            Fail(QueryError.Compiler(
                $"field '{field.Name}' is {field.TypeName}, not JSON: it has no path '{node.Text}'", node.Start, node.End - node.Start));
            return null;
        }

        return new CheckedField(field, [.. node.Segments.Skip(1)], node.Text);
    }

    private QueryConstant? Mismatch(CheckedField field, string expected, ValueNode value)
    {
        Fail(QueryError.Compiler(
            $"type mismatch for field '{field.Text}': expected {expected}, got {value.TypeName}", value.Start, value.End - value.Start));
        return null;
    }

    private T? Refuse<T>(QueryError problem)
        where T : class
    {
        _error ??= problem;
        return null;
    }

    private void Fail(QueryError problem) => _error ??= problem;

    private static string Shorten(string text) => text.Length > 40 ? text[..40] + "..." : text;

    private static string OperatorText(QueryOperator op) => op switch
    {
        QueryOperator.Like => "like",
        QueryOperator.Contains => "contains",
        QueryOperator.Less => "<",
        QueryOperator.LessEqual => "<=",
        QueryOperator.Greater => ">",
        QueryOperator.GreaterEqual => ">=",
        QueryOperator.In => "in",
        QueryOperator.NotEqual => "!=",
        _ => "=",
    };
}
