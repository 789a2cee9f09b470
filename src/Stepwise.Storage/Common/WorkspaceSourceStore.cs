using System.Text.Json;
using System.Text.Json.Nodes;
using Stepwise.Core.Storage;

namespace Stepwise.Storage.Common;

/// <summary>Workspace versions in <c>workspace_versions</c>: the files as one JSON array (the same SQL on both dialects).</summary>
internal sealed class WorkspaceSourceStore(StorageWriter writer, ReaderConnections readers) : IWorkspaceSourceStore
{
    private const string InsertSql = """
        INSERT INTO workspace_versions (hash, files, file_count, created_at) VALUES (@hash, @files, @file_count, @now)
        ON CONFLICT (hash) DO NOTHING
        """;

    private const string ExistsSql = "SELECT 1 FROM workspace_versions WHERE hash = @hash";

    private const string GetSql = "SELECT files FROM workspace_versions WHERE hash = @hash";

    public async Task SaveAsync(
        string hash, IReadOnlyList<WorkspaceSourceFile> files, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        Require.Text(hash, "workspace version");
        ArgumentNullException.ThrowIfNull(files);

        // Every node publishes the version it builds; after the first, a read saves sending the whole workspace again.
        var stored = await readers.ReadAsync(
            $"Looking up workspace version {hash}",
            async (connection, ct) =>
            {
                using var command = connection.CreateCommand(ExistsSql);
                command.AddParameter("@hash", hash);
                return await command.ExecuteScalarAsync(ct).ConfigureAwait(false) is not null;
            },
            cancellationToken).ConfigureAwait(false);
        if (stored)
        {
            return;
        }

        var array = new JsonArray();
        foreach (var file in files)
        {
            array.Add(new JsonObject { ["path"] = file.Path, ["text"] = file.Text });
        }

        var json = array.ToJsonString();
        await writer.WriteAsync(
            $"Storing workspace version {hash}",
            async (session, ct) =>
            {
                using var insert = session.CreateCommand(InsertSql);
                insert.AddParameter("@hash", hash);
                insert.AddParameter("@files", json);
                insert.AddParameter("@file_count", files.Count);
                insert.AddParameter("@now", DbValues.ToUnixMs(now));
                return await insert.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false);
    }

    public Task<IReadOnlyList<WorkspaceSourceFile>?> GetAsync(string hash, CancellationToken cancellationToken = default)
    {
        Require.Text(hash, "workspace version");
        return readers.ReadAsync(
            $"Reading workspace version {hash}",
            async (connection, ct) =>
            {
                using var command = connection.CreateCommand(GetSql);
                command.AddParameter("@hash", hash);
                return await command.ExecuteScalarAsync(ct).ConfigureAwait(false) is string json ? Parse(hash, json) : null;
            },
            cancellationToken);
    }

    private static IReadOnlyList<WorkspaceSourceFile> Parse(string hash, string json)
    {
        try
        {
            return JsonNode.Parse(json) is JsonArray array
                ? [.. array.Select(f => new WorkspaceSourceFile(
                    f?["path"]?.GetValue<string>() ?? throw new JsonException("a file has no path"),
                    f["text"]?.GetValue<string>() ?? throw new JsonException("a file has no text")))]
                : throw new JsonException("not an array");
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException)
        {
            throw new StorageException($"Workspace version {hash} is stored damaged: {exception.Message}", exception);
        }
    }
}
