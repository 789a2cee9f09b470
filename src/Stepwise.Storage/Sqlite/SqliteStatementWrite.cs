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
    private const int MaxKeptJsonBuffer = 64 * 1024;

    private readonly int[] _indexes;
    private ArrayBufferWriter<byte>? _json;
    private Utf8JsonWriter? _jsonWriter;

    // The tree whose text _json holds, while the current row is being bound.
    private JsonNode? _jsonNode;

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

    public override void SetText(int index, string? text) =>
        SqliteException.ThrowExceptionForRC(
            text is null
                ? raw.sqlite3_bind_null(_statement, _indexes[index])
                : raw.sqlite3_bind_text16(_statement, _indexes[index], text.AsSpan()),
            _database);

    public override void SetInt32(int index, int value) =>
        SqliteException.ThrowExceptionForRC(raw.sqlite3_bind_int64(_statement, _indexes[index], value), _database);

    public override void SetInt64(int index, long value) =>
        SqliteException.ThrowExceptionForRC(raw.sqlite3_bind_int64(_statement, _indexes[index], value), _database);

    public override void SetInt64(int index, long? value) =>
        SqliteException.ThrowExceptionForRC(
            value is { } number
                ? raw.sqlite3_bind_int64(_statement, _indexes[index], number)
                : raw.sqlite3_bind_null(_statement, _indexes[index]),
            _database);

    /// <summary>
    /// Writes the JSON as UTF-8 into a buffer this statement keeps and binds those bytes (SQLite copies them), where
    /// the stored text as a string cost the string and the writer's own buffer, then a conversion from UTF-16.
    /// </summary>
    public override void SetJson(int index, JsonNode? node)
    {
        if (node is null)
        {
            SqliteException.ThrowExceptionForRC(raw.sqlite3_bind_null(_statement, _indexes[index]), _database);
            return;
        }

        // The same tree in two columns of one row (a transform step's input and output) is written once.
        if (ReferenceEquals(node, _jsonNode) && _json is { } written)
        {
            SqliteException.ThrowExceptionForRC(raw.sqlite3_bind_text(_statement, _indexes[index], written.WrittenSpan), _database);
            return;
        }

        _jsonNode = null;
        var buffer = _json ??= new ArrayBufferWriter<byte>(1024);
        buffer.ResetWrittenCount();
        var writer = _jsonWriter ??= new Utf8JsonWriter(buffer, Common.DbValues.StoredJsonWriterOptions);

        // Reset also clears what a write that threw (too deep) left behind.
        writer.Reset(buffer);
        Common.DbValues.WriteJson(writer, node);
        writer.Flush();
        var rc = raw.sqlite3_bind_text(_statement, _indexes[index], buffer.WrittenSpan);
        _jsonNode = node;

        // One big payload does not keep its buffer for the life of the writer's connection.
        if (buffer.Capacity > MaxKeptJsonBuffer)
        {
            _json = null;
            _jsonWriter = null;
        }

        SqliteException.ThrowExceptionForRC(rc, _database);
    }

    public override ValueTask<int> ExecuteAsync(CancellationToken cancellationToken)
    {
        // A row's values are bound by now: a tree seen again in the next row may have changed since.
        _jsonNode = null;
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
        _jsonWriter?.Dispose();
        _statement.Dispose();
        return ValueTask.CompletedTask;
    }
}
