using Stepwise.Core.Storage;

namespace Stepwise.Storage.Common;

/// <summary>The fingerprints of the keys the nodes share, in <c>key_fingerprints</c> (the same SQL on both dialects).</summary>
internal sealed class KeyFingerprintStore(StorageWriter writer, ReaderConnections readers) : IKeyFingerprintStore
{
    private const string GetSql = "SELECT fingerprint FROM key_fingerprints WHERE name = @name";

    private const string InsertFirstSql = """
        INSERT INTO key_fingerprints (name, fingerprint, updated_at) VALUES (@name, @fingerprint, @now)
        ON CONFLICT (name) DO NOTHING
        """;

    private const string UpsertSql = """
        INSERT INTO key_fingerprints (name, fingerprint, updated_at) VALUES (@name, @fingerprint, @now)
        ON CONFLICT (name) DO UPDATE SET fingerprint = excluded.fingerprint, updated_at = excluded.updated_at
        """;

    public Task<string?> GetAsync(string name, CancellationToken cancellationToken = default)
    {
        Require.Text(name, "key name");
        return readers.ReadAsync(
            $"Reading the fingerprint of key '{name}'",
            async (connection, ct) =>
            {
                using var command = connection.CreateCommand(GetSql);
                command.AddParameter("@name", name);
                return await command.ExecuteScalarAsync(ct).ConfigureAwait(false) as string;
            },
            cancellationToken);
    }

    public Task<string> RecordFirstAsync(
        string name, string fingerprint, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        Require.Text(name, "key name");
        Require.Text(fingerprint, "key fingerprint");
        return writer.WriteAsync(
            $"Recording the fingerprint of key '{name}'",
            async (session, ct) =>
            {
                using (var insert = session.CreateCommand(InsertFirstSql))
                {
                    AddRow(insert, name, fingerprint, now);
                    await insert.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                }

                using var read = session.CreateCommand(GetSql);
                read.AddParameter("@name", name);
                return await read.ExecuteScalarAsync(ct).ConfigureAwait(false) as string
                    ?? throw new StorageException($"The fingerprint of key '{name}' vanished while being recorded.");
            },
            cancellationToken);
    }

    public Task SetAsync(string name, string fingerprint, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        Require.Text(name, "key name");
        Require.Text(fingerprint, "key fingerprint");
        return writer.WriteAsync(
            $"Recording the fingerprint of key '{name}'",
            async (session, ct) =>
            {
                using var upsert = session.CreateCommand(UpsertSql);
                AddRow(upsert, name, fingerprint, now);
                return await upsert.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            },
            cancellationToken);
    }

    private static void AddRow(System.Data.Common.DbCommand command, string name, string fingerprint, DateTimeOffset now)
    {
        command.AddParameter("@name", name);
        command.AddParameter("@fingerprint", fingerprint);
        command.AddParameter("@now", DbValues.ToUnixMs(now));
    }
}
