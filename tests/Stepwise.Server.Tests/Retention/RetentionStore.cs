using System.Text.Json.Nodes;
using Stepwise.Core.Actions.BuiltIn;
using Stepwise.Core.Storage;
using Stepwise.Sdk;
using Stepwise.Storage;
using Stepwise.Storage.Sqlite;
using Stepwise.Server.Workflows;
using Stepwise.Server.Tests.Support;

namespace Stepwise.Server.Tests.Retention;

/// <summary>A real SQLite store in a temp folder, with helpers that write runs straight through the store and journal.</summary>
internal sealed class RetentionStore : IAsyncDisposable
{
    private readonly TempFolder folder;

    private RetentionStore(StepwiseStorage storage, string path, TempFolder folder)
    {
        Storage = storage;
        Path = path;
        this.folder = folder;
    }

    public StepwiseStorage Storage { get; }

    public string Path { get; }

    public static async Task<RetentionStore> OpenAsync(TimeProvider time)
    {
        var folder = new TempFolder();
        var path = System.IO.Path.Combine(folder.Path, "stepwise.db");
        var storage = await SqliteStorage.OpenAsync(path, time);
        await storage.Organizations.EnsureAsync(new OrganizationRecord("default", "Default", true, time.GetUtcNow()));
        return new RetentionStore(storage, path, folder);
    }

    public async Task CreateAsync(string id, DateTimeOffset createdAt, string org = "default", string workflow = "orders")
    {
        await Storage.Executions.CreateExecutionAsync(new ExecutionRecord(
            id, org, workflow, 1, ExecutionStatus.Pending, 0, new JsonObject { ["order"] = id }, null, null, null, null,
            createdAt, null, null));
    }

    /// <summary>A run with one step and one log line that finished with <paramref name="status"/> at <paramref name="finishedAt"/>.</summary>
    public async Task FinishAsync(
        string id, ExecutionStatus status, DateTimeOffset finishedAt, string org = "default", string workflow = "orders")
    {
        await CreateAsync(id, finishedAt.AddMinutes(-1), org, workflow);
        await Storage.Journal.AppendAsync(new StepWritten(new StepRecord(
            id, "s1", "s1", 1, StepStatus.Succeeded, new JsonObject(), new JsonObject { ["ok"] = true }, null,
            finishedAt.AddSeconds(-40), finishedAt.AddSeconds(-30), null)));
        await Storage.Journal.AppendAsync(new LogWritten(
            new ExecutionLogRecord(id, "s1", ExecutionLogLevel.Info, "hello", null, finishedAt.AddSeconds(-20))));
        await Storage.Journal.AppendAsync(new ExecutionStatusWritten(id, status, null, null, finishedAt));
    }

    /// <summary>A retention job over this store; deployed workflows are loaded with the built-in actions.</summary>
    public RetentionJob CreateJob(RetentionOptions options, TimeProvider time) =>
        new(
            Storage.Organizations,
            Storage.WorkflowDirectory,
            new DefinitionCache(BuiltInActions.CreateRegistry()),
            Storage.Admin,
            options,
            time);

    public async Task<bool> ExistsAsync(string id) => await Storage.Executions.GetExecutionAsync(id) is not null;

    public async ValueTask DisposeAsync()
    {
        await Storage.DisposeAsync();
        folder.Dispose();
    }
}
