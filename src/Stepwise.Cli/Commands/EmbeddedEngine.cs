using Microsoft.Data.Sqlite;
using Stepwise.Cli.Rendering;
using Stepwise.Core.Actions;
using Stepwise.Core.Definitions;
using Stepwise.Core.Scheduling;
using Stepwise.Core.Storage;
using Stepwise.Core.Storage.InMemory;
using Stepwise.Storage;
using Stepwise.Storage.Migrations;

namespace Stepwise.Cli.Commands;

/// <summary>
/// The engine as <c>run</c> and <c>resume</c> use it, in this process: over a SQLite file with <c>--db</c>, else in
/// memory. Workflow sources are saved to the store and loaded back from it by version, so a resumed run finds the
/// exact definitions (and sub-workflows) it started with.
/// </summary>
internal sealed class EmbeddedEngine : IAsyncDisposable
{
    private readonly StepwiseStorage? _storage;

    private EmbeddedEngine(
        WorkflowEngine engine, IWorkflowStore workflows, IExecutionStore executions, ProgressJournal journal,
        StepwiseStorage? storage, string orgId)
    {
        Engine = engine;
        Workflows = workflows;
        Executions = executions;
        Journal = journal;
        _storage = storage;
        OrgId = orgId;
    }

    public WorkflowEngine Engine { get; }

    public IWorkflowStore Workflows { get; }

    public IExecutionStore Executions { get; }

    public ProgressJournal Journal { get; }

    public string OrgId { get; }

    public bool IsDurable => _storage is not null;

    /// <summary>Opens the engine; null with a one-line message when the database cannot be opened.</summary>
    public static async Task<(EmbeddedEngine? Engine, string? Error)> OpenAsync(
        FileInfo? database, ActionRegistry actions, EngineOptions options, IRunProgress progress,
        CancellationToken cancellationToken)
    {
        StepwiseStorage? storage = null;
        IExecutionStore executions;
        IExecutionJournal journal;
        IWorkflowStore workflows;
        if (database is null)
        {
            var memory = new InMemoryStore(TimeProvider.System);
            (executions, journal, workflows) = (memory, memory, memory);
        }
        else
        {
            try
            {
                // Through the store opener every verb and the server use: --db names a SQLite file as DATABASE_URL=sqlite:PATH would.
                storage = await StoreOpener.OpenAsync(
                    DatabaseUrl.SqliteFile(database.FullName), ServerOptions.DefaultDbMaxConnections, TimeProvider.System, null, cancellationToken);
            }
            catch (Exception exception) when (exception is ArgumentException or StorageException
                or SchemaVersionException or SqliteException or IOException or UnauthorizedAccessException)
            {
                return (null, $"cannot open the database '{database}': {MessageOf(exception)}");
            }

            (executions, journal, workflows) = (storage.Executions, storage.Journal, storage.Workflows);
        }

        var progressJournal = new ProgressJournal(journal, progress);
        var resolver = new StoreWorkflowResolver(
            workflows,
            record => WorkflowLoader.Load(record.Source, $"{record.Name} (version {record.Version})", actions).Definition);
        var engine = new WorkflowEngine(actions, executions, progressJournal, resolver, TimeProvider.System, options);
        return (new EmbeddedEngine(engine, workflows, executions, progressJournal, storage, options.DefaultOrgId), null);
    }

    // ArgumentException appends " (Parameter 'path')" to its message; users named no parameter.
    private static string MessageOf(Exception exception) =>
        exception is ArgumentException { ParamName: { } name }
            ? exception.Message.Replace($" (Parameter '{name}')", string.Empty, StringComparison.Ordinal)
            : exception.Message;

    /// <summary>Saves a workflow's source as its next version (unless unchanged) and returns the version.</summary>
    public async Task<int> SaveAsync(string name, string source, CancellationToken cancellationToken)
    {
        var record = await Workflows.SaveVersionAsync(OrgId, name, source, cancellationToken);
        return record.Version;
    }

    public async ValueTask DisposeAsync()
    {
        await Engine.DisposeAsync();
        if (_storage is not null)
        {
            await _storage.DisposeAsync();
        }
    }
}
