using System.Data.Common;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Stepwise.Core.Query;
using Stepwise.Core.Query.Checking;
using Stepwise.Core.Query.Schema;
using Stepwise.Storage.Common;

namespace Stepwise.Storage.Query;

/// <summary>
/// Compiles a checked query for this database and runs it on a reader connection, read-only and within its time
/// limit. A failure is an ExecutionError whose message never carries SQL or the database's own text (that goes to
/// the log, EventId 7002).
/// </summary>
internal sealed class QueryRunner(SqlDialect dialect, ILogger logger) : IQueryRunner
{
    public async Task<QueryOutcome> RunAsync(string orgId, CheckedQuery query, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(orgId);
        ArgumentNullException.ThrowIfNull(query);
        var compiled = QuerySqlCompiler.Compile(query, orgId, dialect.QueryJson, out var compileError);
        if (compiled is null)
        {
            return QueryOutcome.Failed(compileError!);
        }

        var started = Stopwatch.GetTimestamp();
        // Wall-clock time on purpose: the limit protects the database from a costly statement, as PostgreSQL's own
        // statement_timeout does, so it must fire under a test's frozen clock too.
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            var connection = await dialect.OpenReaderConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                using var command = connection.CreateCommand(compiled.Sql);
                foreach (var (name, value) in compiled.Parameters)
                {
                    command.AddParameter(name, value);
                }

                var guard = await dialect.GuardQueryAsync(connection, command, timeout, deadline.Token, cancellationToken).ConfigureAwait(false);
                await using (guard.ConfigureAwait(false))
                {
                    var rows = await ReadAsync(command, compiled, cancellationToken).ConfigureAwait(false);
                    Log.Ran(logger, query.Entity.Name, orgId, rows.Count, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    return QueryOutcome.Of(rows);
                }
            }
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested
            && (deadline.IsCancellationRequested || dialect.IsStatementCancelled(exception)))
        {
            Log.TimedOut(logger, query.Entity.Name, orgId, (long)timeout.TotalMilliseconds);
            return QueryOutcome.Failed(QueryError.Execution(
                $"query stopped at its time limit of {Core.Definitions.Duration.Format(timeout)}: filter on an indexed field " +
                "(status, workflow, created_at) or lower the limit"));
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested && exception is DbException or InvalidOperationException)
        {
            Log.Failed(logger, exception, query.Entity.Name, orgId);
            var unavailable = dialect.Classify(exception) == StorageErrorKind.Unavailable;
            return QueryOutcome.Failed(QueryError.Execution(
                unavailable ? "query failed: the database is unavailable" : "query failed in the database; the server log has the details",
                serverFault: true));
        }
    }

    private static async Task<IReadOnlyList<JsonObject>> ReadAsync(DbCommand command, CompiledQuery compiled, CancellationToken cancellationToken)
    {
        var rows = new List<JsonObject>();
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                rows.Add(compiled.Count ? ReadCount(reader, compiled) : ReadEntity(reader, compiled.Fields));
            }
        }

        return rows;
    }

    private static JsonObject ReadCount(DbDataReader reader, CompiledQuery compiled)
    {
        if (compiled.GroupName is not { } group)
        {
            return new JsonObject { ["count"] = Convert.ToInt64(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture) };
        }

        var key = reader.GetValue(0) switch
        {
            DBNull => null,
            string text => JsonValue.Create(text),
            var value => (JsonNode)JsonValue.Create(Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture)),
        };
        return new JsonObject
        {
            [group] = key,
            ["count"] = Convert.ToInt64(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture),
        };
    }

    private static JsonObject ReadEntity(DbDataReader reader, IReadOnlyList<QueryField> fields)
    {
        var row = new JsonObject();
        for (var i = 0; i < fields.Count; i++)
        {
            var field = fields[i];
            var name = field.Type == QueryFieldType.Duration ? field.Name + "_ms" : field.Name;
            if (reader.IsDBNull(i))
            {
                row[name] = null;
                continue;
            }

            row[name] = field.Type switch
            {
                QueryFieldType.String => JsonValue.Create(reader.GetString(i)),
                QueryFieldType.Time => JsonValue.Create(DbValues.FromUnixMs(Integer(reader, i))),
                QueryFieldType.Json => ParseJson(reader.GetString(i)),
                _ => JsonValue.Create(Integer(reader, i)),
            };
        }

        return row;
    }

    private static long Integer(DbDataReader reader, int ordinal) =>
        Convert.ToInt64(reader.GetValue(ordinal), System.Globalization.CultureInfo.InvariantCulture);

    private static JsonNode? ParseJson(string text)
    {
        try
        {
            return JsonNode.Parse(text, nodeOptions: null, Stepwise.Core.Storage.StoredJson.DocumentOptions);
        }
        catch (JsonException)
        {
            return JsonValue.Create(text);
        }
    }
}
