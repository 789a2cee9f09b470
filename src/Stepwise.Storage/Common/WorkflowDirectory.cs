using Stepwise.Core.Storage;

namespace Stepwise.Storage.Common;

/// <summary>
/// Deployed workflows over the same <c>workflow_versions</c> rows as <see cref="WorkflowStore"/>, plus
/// <c>workflow_deletions</c>: deleting records the version current at that moment, and every version up to it is
/// then hidden; deploying again inserts the next version and clears the deletion, in one writer transaction. When
/// another process sharing the database took the next version number first, the insert does nothing (after waiting
/// for the other transaction) and the deployment starts over from the new latest version, as
/// <see cref="WorkflowStore"/> does.
/// </summary>
internal sealed class WorkflowDirectory : IWorkflowDirectory
{
    private const string NotDeleted = """
        NOT EXISTS (SELECT 1 FROM workflow_deletions d
                    WHERE d.org_id = v.org_id AND d.name = v.name AND d.version >= v.version)
        """;

    private const string Columns = "v.org_id, v.name, v.version, v.source, v.content_hash, v.created_at";

    private const string LatestAnySql = $"""
        SELECT {Columns} FROM workflow_versions v WHERE v.org_id = @org_id AND v.name = @name
        ORDER BY v.version DESC LIMIT 1
        """;

    private const string CurrentSql = $"""
        SELECT {Columns} FROM workflow_versions v
        WHERE v.org_id = @org_id AND v.name = @name AND {NotDeleted}
        ORDER BY v.version DESC LIMIT 1
        """;

    private const string DeletedVersionSql =
        "SELECT version FROM workflow_deletions WHERE org_id = @org_id AND name = @name";

    private const string ListSql = $"""
        SELECT {Columns}, c.versions FROM workflow_versions v
        JOIN (SELECT name, MAX(version) AS latest, COUNT(*) AS versions FROM workflow_versions
              WHERE org_id = @org_id GROUP BY name) c ON c.name = v.name AND c.latest = v.version
        WHERE v.org_id = @org_id AND {NotDeleted}
        ORDER BY v.name
        """;

    private const string VersionsSql = $"""
        SELECT {Columns} FROM workflow_versions v
        WHERE v.org_id = @org_id AND v.name = @name AND {NotDeleted}
        ORDER BY v.version DESC
        """;

    private const string InsertSql = """
        INSERT INTO workflow_versions (org_id, name, version, source, content_hash, created_at)
        VALUES (@org_id, @name, @version, @source, @content_hash, @created_at)
        ON CONFLICT (org_id, name, version) DO NOTHING
        """;

    // Each lost race means another process deployed meanwhile; this many in one deployment means something is wrong.
    private const int MaxDeployAttempts = 20;

    private const string UndeleteSql = "DELETE FROM workflow_deletions WHERE org_id = @org_id AND name = @name";

    private const string DeleteSql = """
        INSERT INTO workflow_deletions (org_id, name, version, deleted_at) VALUES (@org_id, @name, @version, @at)
        ON CONFLICT (org_id, name) DO UPDATE SET version = excluded.version, deleted_at = excluded.deleted_at
        """;

    private readonly StorageWriter _writer;
    private readonly ReaderConnections _readers;
    private readonly TimeProvider _timeProvider;

    public WorkflowDirectory(StorageWriter writer, ReaderConnections readers, TimeProvider timeProvider)
    {
        _writer = writer;
        _readers = readers;
        _timeProvider = timeProvider;
    }

    public Task<WorkflowDeployment> DeployAsync(
        string orgId, string name, string source, CancellationToken cancellationToken = default)
    {
        Require.Text(orgId, "org id");
        Require.Text(name, "workflow name");
        Require.Text(source, $"source of workflow '{name}'");
        var hash = WorkflowStore.HashSource(source);
        return _writer.WriteAsync(
            $"Deploying workflow '{name}' in org '{orgId}'",
            async (session, ct) =>
            {
                for (var attempt = 1; attempt <= MaxDeployAttempts; attempt++)
                {
                    if (await TryDeployAsync(session, orgId, name, source, hash, ct).ConfigureAwait(false) is { } done)
                    {
                        return done;
                    }
                }

                throw new StorageConflictException(
                    $"Deploying workflow '{name}' in org '{orgId}' failed: other processes deployed a new version " +
                    $"first {MaxDeployAttempts} times in a row.");
            },
            cancellationToken);
    }

    public Task<WorkflowVersionRecord?> GetCurrentAsync(string orgId, string name, CancellationToken cancellationToken = default)
    {
        Require.Text(orgId, "org id");
        Require.Text(name, "workflow name");
        return _readers.ReadAsync(
            $"Reading workflow '{name}' in org '{orgId}'",
            async (connection, ct) =>
            {
                using var command = connection.CreateCommand(CurrentSql);
                command.AddParameter("@org_id", orgId);
                command.AddParameter("@name", name);
                return await RecordReaders.ReadSingleAsync(command, RecordReaders.ReadWorkflowVersion, ct).ConfigureAwait(false);
            },
            cancellationToken);
    }

    public Task<IReadOnlyList<WorkflowSummaryRecord>> ListAsync(string orgId, CancellationToken cancellationToken = default)
    {
        Require.Text(orgId, "org id");
        return _readers.ReadAsync(
            $"Listing the workflows of org '{orgId}'",
            async (connection, ct) =>
            {
                using var command = connection.CreateCommand(ListSql);
                command.AddParameter("@org_id", orgId);
                return await RecordReaders.ReadAllAsync(
                    command,
                    reader => new WorkflowSummaryRecord(RecordReaders.ReadWorkflowVersion(reader), reader.GetInt32(6)),
                    ct).ConfigureAwait(false);
            },
            cancellationToken);
    }

    public Task<IReadOnlyList<WorkflowVersionRecord>> ListVersionsAsync(
        string orgId, string name, CancellationToken cancellationToken = default)
    {
        Require.Text(orgId, "org id");
        Require.Text(name, "workflow name");
        return _readers.ReadAsync(
            $"Listing the versions of workflow '{name}' in org '{orgId}'",
            async (connection, ct) =>
            {
                using var command = connection.CreateCommand(VersionsSql);
                command.AddParameter("@org_id", orgId);
                command.AddParameter("@name", name);
                return await RecordReaders.ReadAllAsync(command, RecordReaders.ReadWorkflowVersion, ct).ConfigureAwait(false);
            },
            cancellationToken);
    }

    public Task<bool> DeleteAsync(string orgId, string name, CancellationToken cancellationToken = default)
    {
        Require.Text(orgId, "org id");
        Require.Text(name, "workflow name");
        return _writer.WriteAsync(
            $"Deleting workflow '{name}' in org '{orgId}'",
            async (session, ct) =>
            {
                var latest = await ReadLatestAsync(session, orgId, name, ct).ConfigureAwait(false);
                var deletedUpTo = await ReadDeletedVersionAsync(session, orgId, name, ct).ConfigureAwait(false);
                if (latest is null || deletedUpTo >= latest.Version)
                {
                    return false;
                }

                using var command = session.CreateCommand(DeleteSql);
                command.AddParameter("@org_id", orgId);
                command.AddParameter("@name", name);
                command.AddParameter("@version", latest.Version);
                command.AddParameter("@at", DbValues.ToUnixMs(_timeProvider.GetUtcNow()));
                await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                return true;
            },
            cancellationToken);
    }

    /// <summary>The deployment, or null when another process took the next version number first.</summary>
    private async Task<WorkflowDeployment?> TryDeployAsync(
        WriterSession session, string orgId, string name, string source, string hash, CancellationToken ct)
    {
        var latest = await ReadLatestAsync(session, orgId, name, ct).ConfigureAwait(false);
        var deletedUpTo = await ReadDeletedVersionAsync(session, orgId, name, ct).ConfigureAwait(false);
        var deleted = latest is not null && deletedUpTo >= latest.Version;
        if (latest is not null && !deleted && latest.ContentHash == hash)
        {
            return new WorkflowDeployment(latest, Created: false);
        }

        var saved = new WorkflowVersionRecord(
            orgId, name, (latest?.Version ?? 0) + 1, source, hash,
            DbValues.FromUnixMs(DbValues.ToUnixMs(_timeProvider.GetUtcNow())));
        using (var insert = session.CreateCommand(InsertSql))
        {
            insert.AddParameter("@org_id", orgId);
            insert.AddParameter("@name", name);
            insert.AddParameter("@version", saved.Version);
            insert.AddParameter("@source", source);
            insert.AddParameter("@content_hash", hash);
            insert.AddParameter("@created_at", DbValues.ToUnixMs(saved.CreatedAt));
            if (await insert.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 0)
            {
                return null;
            }
        }

        if (deletedUpTo is not null)
        {
            using var undelete = session.CreateCommand(UndeleteSql);
            undelete.AddParameter("@org_id", orgId);
            undelete.AddParameter("@name", name);
            await undelete.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }

        return new WorkflowDeployment(saved, Created: true);
    }

    private static async Task<WorkflowVersionRecord?> ReadLatestAsync(
        WriterSession session, string orgId, string name, CancellationToken cancellationToken)
    {
        using var query = session.CreateCommand(LatestAnySql);
        query.AddParameter("@org_id", orgId);
        query.AddParameter("@name", name);
        return await RecordReaders.ReadSingleAsync(query, RecordReaders.ReadWorkflowVersion, cancellationToken)
            .ConfigureAwait(false);
    }

    private static async Task<int?> ReadDeletedVersionAsync(
        WriterSession session, string orgId, string name, CancellationToken cancellationToken)
    {
        using var query = session.CreateCommand(DeletedVersionSql);
        query.AddParameter("@org_id", orgId);
        query.AddParameter("@name", name);
        var value = await query.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return value is null or DBNull ? null : Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture);
    }
}
