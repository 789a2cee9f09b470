using System.Data.Common;

namespace Stepwise.Storage.Common;

/// <summary>
/// The reads and the delete every per-organization table keyed by (org_id, a name) shares: secrets, configuration,
/// OAuth connections. Table and column names are the store's own constants, never input; values are parameters.
/// </summary>
internal sealed class OrgKeyedRows<T>
    where T : class
{
    private readonly StorageWriter writer;
    private readonly ReaderConnections readers;
    private readonly string noun;
    private readonly string keyDescription;
    private readonly Func<DbDataReader, T> read;
    private readonly string listSql;
    private readonly string listAllSql;
    private readonly string deleteSql;

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
        this.writer = writer;
        this.readers = readers;
        this.noun = noun;
        this.keyDescription = keyDescription;
        this.read = read;
        GetSql = $"SELECT {columns} FROM {table} WHERE org_id = @org_id AND {keyColumn} = @key";
        listSql = $"SELECT {columns} FROM {table} WHERE org_id = @org_id ORDER BY {keyColumn}";
        listAllSql = $"SELECT {columns} FROM {table} ORDER BY org_id, {keyColumn}";
        deleteSql = $"DELETE FROM {table} WHERE org_id = @org_id AND {keyColumn} = @key";
    }

    /// <summary>One row by <c>@org_id</c> and <c>@key</c>; for reading back inside a write as well.</summary>
    public string GetSql { get; }

    public Task<T?> GetAsync(string orgId, string key, CancellationToken cancellationToken)
    {
        Require.Text(orgId, "organization id");
        Require.Text(key, keyDescription);
        return readers.ReadAsync(
            $"Reading {noun} '{key}' of organization '{orgId}'",
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
            return await RecordReaders.ReadSingleAsync(command, read, cancellationToken).ConfigureAwait(false);
        }
    }

    public Task<IReadOnlyList<T>> ListAsync(string orgId, CancellationToken cancellationToken)
    {
        Require.Text(orgId, "organization id");
        return readers.ReadAsync(
            $"Listing the {noun}s of organization '{orgId}'",
            async (connection, ct) =>
            {
                using var command = connection.CreateCommand(listSql);
                command.AddParameter("@org_id", orgId);
                return await RecordReaders.ReadAllAsync(command, read, ct).ConfigureAwait(false);
            },
            cancellationToken);
    }

    public Task<IReadOnlyList<T>> ListAllAsync(CancellationToken cancellationToken) =>
        readers.ReadAsync(
            $"Listing the {noun}s of every organization",
            async (connection, ct) =>
            {
                using var command = connection.CreateCommand(listAllSql);
                return await RecordReaders.ReadAllAsync(command, read, ct).ConfigureAwait(false);
            },
            cancellationToken);

    public Task<bool> DeleteAsync(string orgId, string key, CancellationToken cancellationToken)
    {
        Require.Text(orgId, "organization id");
        Require.Text(key, keyDescription);
        return writer.WriteAsync(
            $"Deleting {noun} '{key}' of organization '{orgId}'",
            async (session, ct) =>
            {
                using var command = session.CreateCommand(deleteSql);
                command.AddParameter("@org_id", orgId);
                command.AddParameter("@key", key);
                return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 1;
            },
            cancellationToken);
    }
}
