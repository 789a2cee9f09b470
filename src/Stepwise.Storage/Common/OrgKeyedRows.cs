using System.Data.Common;

namespace Stepwise.Storage.Common;

/// <summary>
/// The reads and the delete every per-organization table keyed by (org_id, a name) shares: secrets, configuration,
/// OAuth connections. Table and column names are the store's own constants, never input; values are parameters.
/// </summary>
internal sealed class OrgKeyedRows<T>
    where T : class
{
    private readonly StorageWriter _writer;
    private readonly ReaderConnections _readers;
    private readonly string _noun;
    private readonly string _keyDescription;
    private readonly Func<DbDataReader, T> _read;
    private readonly string _listSql;
    private readonly string _listAllSql;
    private readonly string _deleteSql;

    /// <param name="noun">What a row is, for messages: "secret", "configuration key".</param>
    /// <param name="keyDescription">What its key is, for the empty-key error: "secret name", "configuration key".</param>
    public OrgKeyedRows(
        StorageWriter writer,
        ReaderConnections readers,
        string table,
        string keyColumn,
        string columns,
        string noun,
        string keyDescription,
        Func<DbDataReader, T> read)
    {
        _writer = writer;
        _readers = readers;
        _noun = noun;
        _keyDescription = keyDescription;
        _read = read;
        GetSql = $"SELECT {columns} FROM {table} WHERE org_id = @org_id AND {keyColumn} = @key";
        _listSql = $"SELECT {columns} FROM {table} WHERE org_id = @org_id ORDER BY {keyColumn}";
        _listAllSql = $"SELECT {columns} FROM {table} ORDER BY org_id, {keyColumn}";
        _deleteSql = $"DELETE FROM {table} WHERE org_id = @org_id AND {keyColumn} = @key";
    }

    /// <summary>One row by <c>@org_id</c> and <c>@key</c>; for reading back inside a write as well.</summary>
    public string GetSql { get; }

    public Task<T?> GetAsync(string orgId, string key, CancellationToken cancellationToken)
    {
        Require.Text(orgId, "organization id");
        Require.Text(key, _keyDescription);
        return _readers.ReadAsync(
            $"Reading {_noun} '{key}' of organization '{orgId}'",
            (connection, ct) => ReadOneAsync(connection.CreateCommand(GetSql), orgId, key, ct),
            cancellationToken);
    }

    /// <summary>Reads one row with <paramref name="command"/> (of <see cref="GetSql"/>), which it disposes.</summary>
    public async Task<T?> ReadOneAsync(DbCommand command, string orgId, string key, CancellationToken cancellationToken)
    {
        using (command)
        {
            command.AddParameter("@org_id", orgId);
            command.AddParameter("@key", key);
            return await RecordReaders.ReadSingleAsync(command, _read, cancellationToken).ConfigureAwait(false);
        }
    }

    public Task<IReadOnlyList<T>> ListAsync(string orgId, CancellationToken cancellationToken)
    {
        Require.Text(orgId, "organization id");
        return _readers.ReadAsync(
            $"Listing the {_noun}s of organization '{orgId}'",
            async (connection, ct) =>
            {
                using var command = connection.CreateCommand(_listSql);
                command.AddParameter("@org_id", orgId);
                return await RecordReaders.ReadAllAsync(command, _read, ct).ConfigureAwait(false);
            },
            cancellationToken);
    }

    public Task<IReadOnlyList<T>> ListAllAsync(CancellationToken cancellationToken) =>
        _readers.ReadAsync(
            $"Listing the {_noun}s of every organization",
            async (connection, ct) =>
            {
                using var command = connection.CreateCommand(_listAllSql);
                return await RecordReaders.ReadAllAsync(command, _read, ct).ConfigureAwait(false);
            },
            cancellationToken);

    public Task<bool> DeleteAsync(string orgId, string key, CancellationToken cancellationToken)
    {
        Require.Text(orgId, "organization id");
        Require.Text(key, _keyDescription);
        return _writer.WriteAsync(
            $"Deleting {_noun} '{key}' of organization '{orgId}'",
            async (session, ct) =>
            {
                using var command = session.CreateCommand(_deleteSql);
                command.AddParameter("@org_id", orgId);
                command.AddParameter("@key", key);
                return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 1;
            },
            cancellationToken);
    }
}
