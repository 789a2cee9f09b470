using Microsoft.Data.Sqlite;
using Stepwise.Cli.Rendering;
using Stepwise.Core.Actions;
using Stepwise.Core.Definitions;
using Stepwise.Core.Scheduling;
using Stepwise.Core.Storage;
using Stepwise.Core.Storage.InMemory;
using Stepwise.Storage;
using Stepwise.Storage.Migrations;
using Stepwise.Workspace;

namespace Stepwise.Cli.Commands;

/// <summary>
/// The engine as <c>run</c> and <c>resume</c> use it, in this process: over a SQLite file with <c>--db</c>, else in
/// memory. Workflow sources are saved to the store and loaded back from it by version, so a resumed run finds the
/// exact definitions (and sub-workflows) it started with. Code workflows resolve through <see cref="Workspace"/>: the
/// workspace version a run started with is stored with <c>--db</c> and compiled again from there by <c>resume</c>.
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

    /// <summary>The workspace versions of code workflows this process has loaded or restores from the store.</summary>
    public WorkspaceHost Workspace { get; private set; } = null!;

    /// <summary>
    /// Before a run resumes: compiles the workspace version a code workflow's run is pinned to from the store, so the
    /// engine finds it loaded. Null when the run's workflow is not code (or is ready); else why it cannot run.
    /// </summary>
    public async Task<string?> PrepareAsync(ExecutionRecord execution, CancellationToken cancellationToken)
    {
        var record = await Workflows.GetVersionAsync(execution.OrgId, execution.Workflow, execution.Version, cancellationToken);
        if (record is null || !CodeWorkflowSource.TryParse(record.Source, out _, out var hash))
        {
            return null;
        }

        var (_, error) = await Workspace.GetOrRestoreAsync(hash, cancellationToken);
        return error;
    }

    /// <summary>
    /// Stores a workspace version and every workflow of it (so code children resolve by name, and resume finds the
    /// code); returns the version number of <paramref name="workflow"/>.
    /// </summary>
    public async Task<int> SaveWorkspaceAsync(WorkspaceVersion version, string workflow, CancellationToken cancellationToken)
    {
        if (_storage is not null)
        {
            await _storage.WorkspaceSources.SaveAsync(
                version.Hash, [.. version.Files.Select(f => new WorkspaceSourceFile(f.Path, f.Text))], TimeProvider.System.GetUtcNow(),
                cancellationToken);
        }

        var number = 0;
        foreach (var (name, definition) in version.Workflows)
        {
            var saved = await SaveAsync(name, CodeWorkflowSource.Describe(version, definition), cancellationToken);
            number = name == workflow ? saved : number;
        }

        return number;
    }

    /// <summary>Opens the engine; null with a one-line message when the database cannot be opened.</summary>
    public static async Task<(EmbeddedEngine? Engine, string? Error)> OpenAsync(
        FileInfo? database, ActionRegistry actions, EngineOptions options, IRunProgress progress,
        CancellationToken cancellationToken, string? workspaceFolder = null)
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
        var workspace = new WorkspaceHost(
            workspaceFolder ?? Path.Combine(Path.GetTempPath(), "stepwise-no-workspace"),
            Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance,
            store: () => storage?.WorkspaceSources);
        var resolver = new StoreWorkflowResolver(
            workflows,
            record => CodeWorkflowSource.TryParse(record.Source, out _, out _)
                ? CodeWorkflowSource.Resolve(workspace, record.Source, out _)
                : WorkflowLoader.Load(record.Source, $"{record.Name} (version {record.Version})", actions).Definition);
        var engine = new WorkflowEngine(actions, executions, progressJournal, resolver, TimeProvider.System, options);
        return (new EmbeddedEngine(engine, workflows, executions, progressJournal, storage, options.DefaultOrgId) { Workspace = workspace }, null);
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
        Workspace.Dispose();
        if (_storage is not null)
        {
            await _storage.DisposeAsync();
        }
    }
}
