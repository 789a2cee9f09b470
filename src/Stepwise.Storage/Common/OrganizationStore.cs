using Stepwise.Core.Storage;

namespace Stepwise.Storage.Common;

/// <summary>Organizations over ADO.NET; writes go through the single writer.</summary>
internal sealed class OrganizationStore : IOrganizationStore
{
    private const string InsertSql = """
        INSERT INTO organizations (id, name, is_active, created_at) VALUES (@id, @name, @is_active, @created_at)
        """;

    private const string EnsureSql = """
        INSERT INTO organizations (id, name, is_active, created_at) VALUES (@id, @name, @is_active, @created_at)
        ON CONFLICT (id) DO NOTHING
        """;

    private const string GetSql = $"SELECT {TenancyReaders.OrganizationColumns} FROM organizations WHERE id = @id";

    private const string ListSql = $"SELECT {TenancyReaders.OrganizationColumns} FROM organizations ORDER BY id";

    private const string SetActiveSql = "UPDATE organizations SET is_active = @is_active WHERE id = @id";

    private readonly StorageWriter _writer;
    private readonly ReaderConnections _readers;

    public OrganizationStore(StorageWriter writer, ReaderConnections readers)
    {
        _writer = writer;
        _readers = readers;
    }

    public Task CreateAsync(OrganizationRecord organization, CancellationToken cancellationToken = default) =>
        InsertAsync(organization, InsertSql, $"Creating organization '{organization?.Id}'", cancellationToken);

    public async Task<bool> EnsureAsync(OrganizationRecord organization, CancellationToken cancellationToken = default) =>
        await InsertAsync(organization, EnsureSql, $"Ensuring organization '{organization?.Id}'", cancellationToken)
            .ConfigureAwait(false) == 1;

    public Task<OrganizationRecord?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        Require.Text(id, "organization id");
        return _readers.ReadAsync(
            $"Reading organization '{id}'",
            async (connection, ct) =>
            {
                using var command = connection.CreateCommand(GetSql);
                command.AddParameter("@id", id);
                return await RecordReaders.ReadSingleAsync(command, TenancyReaders.ReadOrganization, ct).ConfigureAwait(false);
            },
            cancellationToken);
    }

    public Task<IReadOnlyList<OrganizationRecord>> ListAsync(CancellationToken cancellationToken = default) =>
        _readers.ReadAsync(
            "Listing organizations",
            async (connection, ct) =>
            {
                using var command = connection.CreateCommand(ListSql);
                return await RecordReaders.ReadAllAsync(command, TenancyReaders.ReadOrganization, ct).ConfigureAwait(false);
            },
            cancellationToken);

    public Task<bool> SetActiveAsync(string id, bool isActive, CancellationToken cancellationToken = default)
    {
        Require.Text(id, "organization id");
        return _writer.WriteAsync(
            $"{(isActive ? "Activating" : "Deactivating")} organization '{id}'",
            async (session, ct) =>
            {
                using var command = session.CreateCommand(SetActiveSql);
                command.AddParameter("@id", id);
                command.AddParameter("@is_active", isActive);
                return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 1;
            },
            cancellationToken);
    }

    private Task<int> InsertAsync(
        OrganizationRecord organization, string sql, string description, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(organization);
        Require.Text(organization.Id, "organization id");
        Require.Text(organization.Name, $"name of organization '{organization.Id}'");
        return _writer.WriteAsync(
            description,
            async (session, ct) =>
            {
                using var command = session.CreateCommand(sql);
                command.AddParameter("@id", organization.Id);
                command.AddParameter("@name", organization.Name);
                command.AddParameter("@is_active", organization.IsActive);
                command.AddParameter("@created_at", DbValues.ToUnixMs(organization.CreatedAt));
                return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            },
            cancellationToken);
    }
}
