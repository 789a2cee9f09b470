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

    private const string ResealSql = """
        UPDATE org_secrets SET sealed_value = @replacement
        WHERE org_id = @org_id AND name = @name AND sealed_value = @expected
        """;

    private readonly OrgKeyedRows<SecretRecord> _rows = new(
        writer, readers, "org_secrets", "name", OrgDataReaders.SecretColumns, "secret", "secret name", OrgDataReaders.ReadSecret);

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

                return await _rows.ReadOneAsync(session.CreateCommand(_rows.GetSql), orgId, name, ct).ConfigureAwait(false)
                    ?? throw new StorageException($"Secret '{name}' of organization '{orgId}' vanished while being stored.");
            },
            cancellationToken);
    }

    public Task<SecretRecord?> GetAsync(string orgId, string name, CancellationToken cancellationToken = default) =>
        _rows.GetAsync(orgId, name, cancellationToken);

    public Task<IReadOnlyList<SecretRecord>> ListAsync(string orgId, CancellationToken cancellationToken = default) =>
        _rows.ListAsync(orgId, cancellationToken);

    public Task<IReadOnlyList<SecretRecord>> ListAllAsync(CancellationToken cancellationToken = default) =>
        _rows.ListAllAsync(cancellationToken);

    public Task<bool> DeleteAsync(string orgId, string name, CancellationToken cancellationToken = default) =>
        _rows.DeleteAsync(orgId, name, cancellationToken);

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
