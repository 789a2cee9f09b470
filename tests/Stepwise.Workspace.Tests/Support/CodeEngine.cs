using System.Text.Json.Nodes;
using Stepwise.Core.Actions.BuiltIn;
using Stepwise.Core.Definitions;
using Stepwise.Core.Scheduling;
using Stepwise.Core.Storage;
using Stepwise.Storage;
using Stepwise.Storage.Sqlite;

namespace Stepwise.Workspace.Tests.Support;

/// <summary>
/// A real SQLite store in a temp folder and engines over it, running workflows compiled from workspace sources. A
/// new engine over the same store is what a restarted process is.
/// </summary>
internal sealed class CodeEngine : IAsyncDisposable
{
    private readonly TempFolder _folder;
    private readonly List<WorkflowEngine> _engines = [];

    private CodeEngine(TempFolder folder, StepwiseStorage storage)
    {
        _folder = folder;
        Storage = storage;
    }

    public StepwiseStorage Storage { get; }

    public InMemoryWorkflowResolver Resolver { get; private set; } = new();

    public static async Task<CodeEngine> OpenAsync(string name = "stepwise.db")
    {
        var folder = new TempFolder();
        var storage = await SqliteStorage.OpenAsync(Path.Combine(folder.Path, name), TimeProvider.System);
        return new CodeEngine(folder, storage);
    }

    public static WorkspaceVersion Load(params (string Path, string Text)[] files)
    {
        var result = Workspaces.Compile(files);
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        return WorkspaceVersion.Load(result);
    }

    /// <summary>A fresh resolver holding the version's workflows as version 1 (what a node that built it resolves).</summary>
    public void Serve(WorkspaceVersion version)
    {
        Resolver = new InMemoryWorkflowResolver(version.Workflows.Values);
    }

    /// <summary>An engine over the store, or over <paramref name="flaky"/> (the same store through a database with outages).</summary>
    public WorkflowEngine Engine(IServiceProvider? services = null, FlakyStorage? flaky = null)
    {
        var engine = new WorkflowEngine(
            BuiltInActions.CreateRegistry(),
            flaky ?? Storage.Executions,
            flaky ?? Storage.Journal,
            Resolver,
            TimeProvider.System,
            services: services);
        _engines.Add(engine);
        return engine;
    }

    public async Task<ExecutionRecord> RunAsync(string workflow, JsonObject? input = null, IServiceProvider? services = null)
    {
        var resolved = await Resolver.GetLatestAsync("default", workflow) ?? throw new InvalidOperationException(workflow);
        return await Engine(services).RunAsync(resolved.Definition, resolved.Version, input);
    }

    public Task<IReadOnlyList<StepRecord>> StepsAsync(string id) => Storage.Executions.GetStepsAsync(id);

    public async Task<IReadOnlyList<ExecutionLogRecord>> LogsAsync(string id) => await Storage.Executions.GetLogsAsync(id);

    /// <summary>Waits until the store holds a step of the run in <paramref name="status"/>.</summary>
    public async Task WaitForStepAsync(string id, string stepId, StepStatus status)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!(await StepsAsync(id)).Any(s => s.StepId == stepId && s.Status == status))
        {
            await Task.Delay(10, deadline.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var engine in _engines)
        {
            await engine.DisposeAsync();
        }

        await Storage.DisposeAsync();
        _folder.Dispose();
    }
}
