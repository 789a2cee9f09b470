using System.Security.Cryptography;
using System.Text;
using Stepwise.Core.Storage;

namespace Stepwise.Storage.Common;

/// <summary>
/// Workflow versions. Saving reads the latest version and inserts the next one in the same writer transaction, so
/// two saves never get the same number; a source identical to the latest (same SHA-256) returns that version.
/// When another process sharing the database took that number first, the insert does nothing (after waiting for
/// the other transaction) and the save starts over from the new latest version.
/// </summary>
internal sealed class WorkflowStore : IWorkflowStore
{
    private const string LatestSql = $"""
        SELECT {RecordReaders.WorkflowVersionColumns} FROM workflow_versions
        WHERE org_id = @org_id AND name = @name
        ORDER BY version DESC
        LIMIT 1
        """;

    private const string VersionSql = $"""
        SELECT {RecordReaders.WorkflowVersionColumns} FROM workflow_versions
        WHERE org_id = @org_id AND name = @name AND version = @version
        """;

    private const string InsertSql = """
        INSERT INTO workflow_versions (org_id, name, version, source, content_hash, created_at)
        VALUES (@org_id, @name, @version, @source, @content_hash, @created_at)
        ON CONFLICT (org_id, name, version) DO NOTHING
        """;

    // Each lost race means another process saved a version meanwhile; this many in one save means something is wrong.
    private const int MaxSaveAttempts = 20;

    private readonly StorageWriter _writer;
    private readonly ReaderConnections _readers;
    private readonly TimeProvider _timeProvider;

    public WorkflowStore(StorageWriter writer, ReaderConnections readers, TimeProvider timeProvider)
    {
        _writer = writer;
        _readers = readers;
        _timeProvider = timeProvider;
    }

    /// <summary>Lowercase hex SHA-256 of the UTF-8 source: the content hash stored with each version.</summary>
    public static string HashSource(string source) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(source)));

    public Task<WorkflowVersionRecord> SaveVersionAsync(
        string orgId, string name, string source, CancellationToken cancellationToken = default)
    {
        Require.Text(orgId, "org id");
        Require.Text(name, "workflow name");
        Require.Text(source, $"source of workflow '{name}'");
        var hash = HashSource(source);
        return _writer.WriteAsync(
            $"Saving a version of workflow '{name}' in org '{orgId}'",
            async (session, ct) =>
            {
                for (var attempt = 1; attempt <= MaxSaveAttempts; attempt++)
                {
                    if (await TrySaveAsync(session, orgId, name, source, hash, ct).ConfigureAwait(false) is { } saved)
                    {
                        return saved;
                    }
                }

                throw new StorageConflictException(
                    $"Saving a version of workflow '{name}' in org '{orgId}' failed: other processes saved a new " +
                    $"version first {MaxSaveAttempts} times in a row.");
            },
            cancellationToken);
    }

    /// <summary>The saved or unchanged version, or null when another process took the next number first.</summary>
    private async Task<WorkflowVersionRecord?> TrySaveAsync(
        WriterSession session, string orgId, string name, string source, string hash, CancellationToken ct)
    {
        WorkflowVersionRecord? latest;
        using (var query = session.CreateCommand(LatestSql))
        {
            query.AddParameter("@org_id", orgId);
            query.AddParameter("@name", name);
            latest = await RecordReaders.ReadSingleAsync(query, RecordReaders.ReadWorkflowVersion, ct).ConfigureAwait(false);
        }

        if (latest is not null && latest.ContentHash == hash)
        {
            return latest;
        }

        var saved = new WorkflowVersionRecord(
            orgId, name, (latest?.Version ?? 0) + 1, source, hash,
            DbValues.FromUnixMs(DbValues.ToUnixMs(_timeProvider.GetUtcNow())));
        using var insert = session.CreateCommand(InsertSql);
        insert.AddParameter("@org_id", saved.OrgId);
        insert.AddParameter("@name", saved.Name);
        insert.AddParameter("@version", saved.Version);
        insert.AddParameter("@source", saved.Source);
        insert.AddParameter("@content_hash", saved.ContentHash);
        insert.AddParameter("@created_at", DbValues.ToUnixMs(saved.CreatedAt));
        return await insert.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 1 ? saved : null;
    }

    public Task<WorkflowVersionRecord?> GetVersionAsync(
        string orgId, string name, int version, CancellationToken cancellationToken = default)
    {
        Require.Text(orgId, "org id");
        Require.Text(name, "workflow name");
        return _readers.ReadAsync(
            $"Reading version {version} of workflow '{name}' in org '{orgId}'",
            async (connection, ct) =>
            {
                using var command = connection.CreateCommand(VersionSql);
                command.AddParameter("@org_id", orgId);
                command.AddParameter("@name", name);
                command.AddParameter("@version", version);
                return await RecordReaders.ReadSingleAsync(command, RecordReaders.ReadWorkflowVersion, ct)
                    .ConfigureAwait(false);
            },
            cancellationToken);
    }

    public Task<WorkflowVersionRecord?> GetLatestAsync(
        string orgId, string name, CancellationToken cancellationToken = default)
    {
        Require.Text(orgId, "org id");
        Require.Text(name, "workflow name");
        return _readers.ReadAsync(
            $"Reading the latest version of workflow '{name}' in org '{orgId}'",
            async (connection, ct) =>
            {
                using var command = connection.CreateCommand(LatestSql);
                command.AddParameter("@org_id", orgId);
                command.AddParameter("@name", name);
                return await RecordReaders.ReadSingleAsync(command, RecordReaders.ReadWorkflowVersion, ct)
                    .ConfigureAwait(false);
            },
            cancellationToken);
    }
}
