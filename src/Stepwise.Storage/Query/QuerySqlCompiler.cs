using System.Text;
using Stepwise.Core.Query;
using Stepwise.Core.Query.Checking;
using Stepwise.Core.Query.Schema;
using Stepwise.Core.Query.Syntax;

namespace Stepwise.Storage.Query;

/// <summary>
/// Turns a checked query into one parameterized SELECT for a dialect. Every value is a parameter; table, column
/// and path text come from <see cref="QueryTables"/> and checked path segments. The organization filter is the
/// first condition of every statement, so no <c>or</c> of the query can reach around it.
/// </summary>
internal sealed class QuerySqlCompiler
{
    private readonly JsonPathSql _json;
    private readonly QueryTable _table;
    private readonly List<KeyValuePair<string, object>> _parameters = [];

    private QuerySqlCompiler(JsonPathSql json, QueryTable table)
    {
        _json = json;
        _table = table;
    }

    public static CompiledQuery? Compile(CheckedQuery query, string orgId, JsonPathSql json, out QueryError? error)
    {
        ArgumentNullException.ThrowIfNull(query);
        var unsafePath = AllFields(query).FirstOrDefault(field => !JsonPathSql.AllSafe(field));
        if (unsafePath is not null)
        {
            error = QueryError.Compiler($"path '{unsafePath.Text}' has a segment that is not a name or an index", 0, 0);
            return null;
        }

        var compiler = new QuerySqlCompiler(json, QueryTables.For(query.Entity));
        error = null;
        return compiler.Build(query, orgId);
    }

    private CompiledQuery Build(CheckedQuery query, string orgId)
    {
        var sql = new StringBuilder("SELECT ");
        string? groupName = null;
        IReadOnlyList<QueryField> fields = [];
        if (query.Count && query.GroupBy is { } group)
        {
            groupName = group.Text;
            sql.Append(Value(group)).Append(" AS grp, COUNT(*) AS n");
        }
        else if (query.Count)
        {
            sql.Append("COUNT(*) AS n");
        }
        else
        {
            fields = query.Entity.Fields;
            sql.AppendJoin(", ", fields.Select(field => _table.Columns[field.Name]));
        }

        sql.Append(" FROM ").Append(_table.From).Append(" WHERE ").Append(_table.OrgColumn).Append(" = @org");
        _parameters.Add(new("@org", orgId));
        if (query.Where is { } where)
        {
            sql.Append(" AND (").Append(Condition(where)).Append(')');
        }

        if (query.Count && query.GroupBy is { } grouped)
        {
            sql.Append(" GROUP BY ").Append(Value(grouped)).Append(" ORDER BY 2 DESC, 1");
        }
        else if (!query.Count)
        {
            sql.Append(" ORDER BY ");
            if (query.OrderBy.Count == 0)
            {
                sql.Append(_table.Columns[query.Entity.DefaultOrder]).Append(" DESC");
            }
            else
            {
                sql.AppendJoin(", ", query.OrderBy.Select(order => _table.Columns[order.Field.Field.Name] + (order.Descending ? " DESC" : " ASC")));
            }
        }

        if (!query.Count || query.GroupBy is not null)
        {
            sql.Append(" LIMIT ").Append(Parameter((long)query.Limit));
        }

        return new CompiledQuery(sql.ToString(), _parameters, fields, query.Count, groupName);
    }

    private string Condition(CheckedCondition condition) => condition switch
    {
        CheckedAnd => "(" + string.Join(" AND ", Flatten(condition).Select(Condition)) + ")",
        CheckedOr => "(" + string.Join(" OR ", Flatten(condition).Select(Condition)) + ")",
        CheckedNot not => $"(NOT {Condition(not.Inner)})",
        _ => Predicate((CheckedPredicate)condition),
    };

    /// <summary>
    /// The operands of a chain of the same connective, in order: <c>a or b or c</c> is one flat OR, so a long chain
    /// does not nest as deep as it is long (SQLite refuses expression trees deeper than 1000).
    /// </summary>
    private static List<CheckedCondition> Flatten(CheckedCondition chain)
    {
        var operands = new List<CheckedCondition>();
        var pending = new Stack<CheckedCondition>();
        pending.Push(chain);
        while (pending.Count > 0)
        {
            var next = pending.Pop();
            switch (next)
            {
                case CheckedAnd both when chain is CheckedAnd:
                    pending.Push(both.Right);
                    pending.Push(both.Left);
                    break;
                case CheckedOr either when chain is CheckedOr:
                    pending.Push(either.Right);
                    pending.Push(either.Left);
                    break;
                default:
                    operands.Add(next);
                    break;
            }
        }

        return operands;
    }

    private string Predicate(CheckedPredicate predicate)
    {
        var field = predicate.Field;
        var column = _table.Columns[field.Field.Name];
        var isPath = field.Field.Type == QueryFieldType.Json && field.Path.Count > 0;
        switch (predicate.Operator)
        {
            case QueryOperator.IsNull:
                return isPath ? _json.IsMissing(column, field.Path) : $"{column} IS NULL";
            case QueryOperator.IsNotNull:
                return isPath ? $"NOT ({_json.IsMissing(column, field.Path)})" : $"{column} IS NOT NULL";
            case QueryOperator.Like:
            case QueryOperator.Contains:
            {
                var pattern = predicate.Operator == QueryOperator.Contains
                    ? "%" + EscapeLike(predicate.Values[0].Text!) + "%"
                    : predicate.Values[0].Text!;
                var escape = predicate.Operator == QueryOperator.Contains ? " ESCAPE '\\'" : string.Empty;
                var target = isPath ? _json.StringValue(column, field.Path) : column;
                var like = $"{target} {_json.Like} {Parameter(pattern)}{escape}";
                return isPath ? $"({_json.IsString(column, field.Path)} AND {like})" : like;
            }

            case QueryOperator.In:
                return "(" + string.Join(" OR ", predicate.Values.Select(value => Compare(field, column, isPath, "=", value))) + ")";
            default:
                return Compare(field, column, isPath, SqlOperator(predicate.Operator), predicate.Values[0]);
        }
    }

    private string Compare(CheckedField field, string column, bool isPath, string op, QueryConstant value)
    {
        if (!isPath)
        {
            return $"{column} {op} {Parameter(value)}";
        }

        return value.Kind switch
        {
            QueryConstantKind.Text => $"({_json.StringValue(column, field.Path)} {op} {Parameter(value)} AND {_json.IsString(column, field.Path)})",
            QueryConstantKind.Bool => op == "=" ? _json.IsBool(column, field.Path, value.Bool) : _json.IsBool(column, field.Path, !value.Bool),
            _ => _json.CompareNumber(column, field.Path, op, Parameter(value)),
        };
    }

    private string Value(CheckedField field)
    {
        var column = _table.Columns[field.Field.Name];
        return field.Path.Count > 0 ? _json.Text(column, field.Path) : column;
    }

    private string Parameter(QueryConstant value) => value.Kind switch
    {
        QueryConstantKind.Text => Parameter(value.Text!),
        QueryConstantKind.Integer => Parameter(value.Integer),
        QueryConstantKind.Real => Parameter(value.Real),
        _ => Parameter(value.Bool),
    };

    private string Parameter(object value)
    {
        var name = "@q" + _parameters.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _parameters.Add(new(name, value));
        return name;
    }

    private static string SqlOperator(QueryOperator op) => op switch
    {
        QueryOperator.NotEqual => "<>",
        QueryOperator.Less => "<",
        QueryOperator.LessEqual => "<=",
        QueryOperator.Greater => ">",
        QueryOperator.GreaterEqual => ">=",
        _ => "=",
    };

    /// <summary>Makes <c>%</c>, <c>_</c> and the escape character itself match literally under <c>ESCAPE '\'</c>.</summary>
    private static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);

    private static IEnumerable<CheckedField> AllFields(CheckedQuery query)
    {
        var fields = new List<CheckedField>();
        if (query.GroupBy is { } group)
        {
            fields.Add(group);
        }

        fields.AddRange(query.OrderBy.Select(order => order.Field));
        var pending = new Stack<CheckedCondition>();
        if (query.Where is { } where)
        {
            pending.Push(where);
        }

        while (pending.Count > 0)
        {
            switch (pending.Pop())
            {
                case CheckedAnd and:
                    pending.Push(and.Left);
                    pending.Push(and.Right);
                    break;
                case CheckedOr or:
                    pending.Push(or.Left);
                    pending.Push(or.Right);
                    break;
                case CheckedNot not:
                    pending.Push(not.Inner);
                    break;
                case CheckedPredicate predicate:
                    fields.Add(predicate.Field);
                    break;
            }
        }

        return fields;
    }
}
