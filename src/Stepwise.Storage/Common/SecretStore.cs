using Stepwise.Core.Storage;

namespace Stepwise.Storage.Common;

/// <summary>Sealed secrets per organization over ADO.NET; writes go through the single writer.</summary>
internal sealed class SecretStore(StorageWriter writer, ReaderConnections readers) : ISecretStore
{
    private const string UpsertSql = """
        INSERT INTO org_secrets (org_id, name, sealed_value, created_at, updated_at)
        VALUES (@org_id, @name, @sealed_value, @now, @now)
        ON CONFLICT (org_id, name) DO UPDATE SET sealed_value = excluded.sealed_value, updated_at = excluded.updated_at
        """;

    private const string GetSql = $"SELECT {OrgDataReaders.SecretColumns} FROM org_secrets WHERE org_id = @org_id AND name = @name";

    private const string ListSql = $"SELECT {OrgDataReaders.SecretColumns} FROM org_secrets WHERE org_id = @org_id ORDER BY name";

    private const string ListAllSql = $"SELECT {OrgDataReaders.SecretColumns} FROM org_secrets ORDER BY org_id, name";

    private const string DeleteSql = "DELETE FROM org_secrets WHERE org_id = @org_id AND name = @name";

    private const string ResealSql = """
        UPDATE org_secrets SET sealed_value = @replacement
        WHERE org_id = @org_id AND name = @name AND sealed_value = @expected
        """;

    public Task<SecretRecord> PutAsync(
        string orgId, string name, byte[] sealedValue, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        Require.Text(orgId, "organization id");
        Require.Text(name, "secret name");
        ArgumentNullException.ThrowIfNull(sealedValue);
        return writer.WriteAsync(
            $"Storing secret '{name}' of organization '{orgId}'",
            async (session, ct) =>
            {
                using (var upsert = session.CreateCommand(UpsertSql))
                {
                    upsert.AddParameter("@org_id", orgId);
                    upsert.AddParameter("@name", name);
                    upsert.AddParameter("@sealed_value", sealedValue);
                    upsert.AddParameter("@now", DbValues.ToUnixMs(now));
                    await upsert.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                }

                using var read = session.CreateCommand(GetSql);
                read.AddParameter("@org_id", orgId);
                read.AddParameter("@name", name);
                return await RecordReaders.ReadSingleAsync(read, OrgDataReaders.ReadSecret, ct).ConfigureAwait(false)
                    ?? throw new StorageException($"Secret '{name}' of organization '{orgId}' vanished while being stored.");
            },
            cancellationToken);
    }

    public Task<SecretRecord?> GetAsync(string orgId, string name, CancellationToken cancellationToken = default)
    {
        Require.Text(orgId, "organization id");
        Require.Text(name, "secret name");
        return readers.ReadAsync(
            $"Reading secret '{name}' of organization '{orgId}'",
            async (connection, ct) =>
            {
                using var command = connection.CreateCommand(GetSql);
                command.AddParameter("@org_id", orgId);
                command.AddParameter("@name", name);
                return await RecordReaders.ReadSingleAsync(command, OrgDataReaders.ReadSecret, ct).ConfigureAwait(false);
            },
            cancellationToken);
    }

    public Task<IReadOnlyList<SecretRecord>> ListAsync(string orgId, CancellationToken cancellationToken = default)
    {
        Require.Text(orgId, "organization id");
        return readers.ReadAsync(
            $"Listing secrets of organization '{orgId}'",
            async (connection, ct) =>
            {
                using var command = connection.CreateCommand(ListSql);
                command.AddParameter("@org_id", orgId);
                return await RecordReaders.ReadAllAsync(command, OrgDataReaders.ReadSecret, ct).ConfigureAwait(false);
            },
            cancellationToken);
    }

    public Task<IReadOnlyList<SecretRecord>> ListAllAsync(CancellationToken cancellationToken = default) =>
        readers.ReadAsync(
            "Listing the secrets of every organization",
            async (connection, ct) =>
            {
                using var command = connection.CreateCommand(ListAllSql);
                return await RecordReaders.ReadAllAsync(command, OrgDataReaders.ReadSecret, ct).ConfigureAwait(false);
            },
            cancellationToken);

    public Task<bool> DeleteAsync(string orgId, string name, CancellationToken cancellationToken = default)
    {
        Require.Text(orgId, "organization id");
        Require.Text(name, "secret name");
        return writer.WriteAsync(
            $"Deleting secret '{name}' of organization '{orgId}'",
            async (session, ct) =>
            {
                using var command = session.CreateCommand(DeleteSql);
                command.AddParameter("@org_id", orgId);
                command.AddParameter("@name", name);
                return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 1;
            },
            cancellationToken);
    }

    public Task<bool> ResealAsync(
        string orgId, string name, byte[] expected, byte[] replacement, CancellationToken cancellationToken = default)
    {
        Require.Text(orgId, "organization id");
        Require.Text(name, "secret name");
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(replacement);
        return writer.WriteAsync(
            $"Re-sealing secret '{name}' of organization '{orgId}'",
            async (session, ct) =>
            {
                using var command = session.CreateCommand(ResealSql);
                command.AddParameter("@org_id", orgId);
                command.AddParameter("@name", name);
                command.AddParameter("@expected", expected);
                command.AddParameter("@replacement", replacement);
                return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 1;
            },
            cancellationToken);
    }
}
