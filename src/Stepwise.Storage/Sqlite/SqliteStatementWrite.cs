using System.Buffers;
using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Stepwise.Storage.Sqlite;

/// <summary>
/// A <see cref="Common.PreparedWrite"/> on SQLite's own statement API, for the writer's hot statements (a run's row,
/// its steps, its start's audit entry): each value is bound as it is set, text straight from the string's UTF-16
/// characters, where Microsoft.Data.Sqlite makes a binder object and a UTF-8 copy of every parameter on every run
/// (about 4 KB per webhook run, ~4% of the server's CPU under load). The statement runs on the writer's connection,
/// so inside whatever transaction that connection has open: the batch's.
/// </summary>
internal sealed class SqliteStatementWrite : Common.PreparedWrite
{
    private readonly sqlite3 _database;
    private readonly sqlite3_stmt _statement;
    private readonly int[] _indexes;

    // JSON columns are written here as UTF-8 and bound from it; kept between runs unless a value made it large.
    private ArrayBufferWriter<byte>? _json;
    private Utf8JsonWriter? _jsonWriter;

    public SqliteStatementWrite(SqliteConnection connection, string sql, IReadOnlyList<string> parameterNames)
    {
        _database = connection.Handle
            ?? throw new InvalidOperationException("A statement was prepared on a SQLite connection that is not open.");
        var rc = raw.sqlite3_prepare_v3(_database, sql, raw.SQLITE_PREPARE_PERSISTENT, out _statement);
        SqliteException.ThrowExceptionForRC(rc, _database);
        _indexes = new int[parameterNames.Count];
        for (var i = 0; i < _indexes.Length; i++)
        {
            _indexes[i] = raw.sqlite3_bind_parameter_index(_statement, parameterNames[i]);
            if (_indexes[i] == 0)
            {
                _statement.Dispose();
                throw new ArgumentException($"Parameter {parameterNames[i]} is not in the statement.", nameof(parameterNames));
            }
        }
    }

    /// <summary>Not needed: the statement runs in the transaction its connection has open, which is the batch's.</summary>
    public override DbTransaction? Transaction
    {
        set { }
    }

    public override void Set(int index, object value)
    {
        var parameter = _indexes[index];
        var rc = value switch
        {
            string text => raw.sqlite3_bind_text16(_statement, parameter, text.AsSpan()),
            long number => raw.sqlite3_bind_int64(_statement, parameter, number),
            int number => raw.sqlite3_bind_int64(_statement, parameter, number),
            double number => raw.sqlite3_bind_double(_statement, parameter, number),
            bool flag => raw.sqlite3_bind_int64(_statement, parameter, flag ? 1 : 0),
            byte[] bytes => raw.sqlite3_bind_blob(_statement, parameter, bytes),
            DBNull => raw.sqlite3_bind_null(_statement, parameter),
            _ => throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"A value of type {value.GetType().Name} cannot be stored (parameter {index})."),
                nameof(value)),
        };
        SqliteException.ThrowExceptionForRC(rc, _database);
    }

    public override void SetInt64(int index, long value) =>
        SqliteException.ThrowExceptionForRC(raw.sqlite3_bind_int64(_statement, _indexes[index], value), _database);

    /// <summary>
    /// Binds the node's stored text as UTF-8, written straight from the node: no UTF-16 string of it, and no
    /// conversion back to UTF-8 inside SQLite. The same bytes as <see cref="Common.DbValues.Json"/>'s text.
    /// </summary>
    public override void SetJson(int index, JsonNode? node)
    {
        if (node is null)
        {
            Set(index, DBNull.Value);
            return;
        }

        var buffer = _json ??= new ArrayBufferWriter<byte>(1024);
        buffer.ResetWrittenCount();
        var writer = _jsonWriter ??= new Utf8JsonWriter(buffer, Common.DbValues.StoredWriterOptions);
        writer.Reset(buffer);
        Common.DbValues.WriteJson(node, writer);

        // SQLite copies the text (SQLITE_TRANSIENT), so the buffer is free again once bound.
        var rc = raw.sqlite3_bind_text(_statement, _indexes[index], buffer.WrittenSpan);
        if (buffer.Capacity > MaxKeptJsonBytes)
        {
            (_json, _jsonWriter) = (null, null);
        }

        SqliteException.ThrowExceptionForRC(rc, _database);
    }

    /// <summary>A buffer grown past this by one large value (a big webhook body) is let go rather than kept.</summary>
    private const int MaxKeptJsonBytes = 64 * 1024;

    public override ValueTask<int> ExecuteAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            var rc = raw.sqlite3_step(_statement);
            if (rc != raw.SQLITE_DONE && rc != raw.SQLITE_ROW)
            {
                SqliteException.ThrowExceptionForRC(rc, _database);
            }

            return ValueTask.FromResult(raw.sqlite3_changes(_database));
        }
        finally
        {
            // Always: a statement left running would keep the batch's COMMIT from completing.
            _ = raw.sqlite3_reset(_statement);
        }
    }

    public override ValueTask DisposeAsync()
    {
        _statement.Dispose();
        return ValueTask.CompletedTask;
    }
}
