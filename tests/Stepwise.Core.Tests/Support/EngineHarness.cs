using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Stepwise.Core.Actions;
using Stepwise.Core.Actions.BuiltIn;
using Stepwise.Core.Definitions;
using Stepwise.Core.Scheduling;
using Stepwise.Core.Storage;
using Stepwise.Core.Storage.InMemory;
using Stepwise.Sdk;

namespace Stepwise.Core.Tests.Support;

/// <summary>An engine over the in-memory store on fake time, with the built-in actions plus a probe.</summary>
internal sealed class EngineHarness : IAsyncDisposable
{
    private readonly IServiceProvider? _services;

    public EngineHarness(
        EngineOptions? options = null, IHttpClientFactory? http = null, IServiceProvider? services = null, params IAction[] extraActions)
    {
        _services = services;
        Store = new InMemoryStore(Time);
        Journal = new OutageJournal(Store);
        Options = options ?? new EngineOptions { LeaseDuration = TimeSpan.FromDays(1), OwnerId = "test" };
        Actions = BuiltInActions.CreateRegistry(http, Time, NullLoggerFactory.Instance, null, [Probe, .. extraActions]);
        Engine = NewEngine();
    }

    public FakeTimeProvider Time { get; } = new();

    public InMemoryStore Store { get; }

    /// <summary>The store's journal as the engines write it, where a test plans outages.</summary>
    public OutageJournal Journal { get; }

    public EngineOptions Options { get; }

    public ProbeAction Probe { get; } = new();

    public ActionRegistry Actions { get; }

    public InMemoryWorkflowResolver Workflows { get; } = new();

    public WorkflowEngine Engine { get; private set; }

    public WorkflowDefinition Load(string yaml)
    {
        var result = WorkflowLoader.Load(yaml, "test.yaml", Actions);
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics.Select(d => d.ToString())));
        return result.Definition!;
    }

    /// <summary>Loads and registers a workflow as the next version of its name; returns the definition.</summary>
    public ResolvedWorkflow Register(string yaml)
    {
        var definition = Load(yaml);
        return new ResolvedWorkflow(definition, Workflows.Add(definition));
    }

    public Task<ExecutionRecord> StartAsync(string yaml, JsonObject? parameters = null, CancellationToken host = default)
    {
        var workflow = Register(yaml);
        return Engine.RunAsync(workflow.Definition, workflow.Version, parameters, null, host);
    }

    /// <summary>Runs a workflow that needs no time to pass.</summary>
    public async Task<ExecutionRecord> RunAsync(string yaml, JsonObject? parameters = null)
    {
        var run = StartAsync(yaml, parameters);
        return await run.WaitAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>A new engine over the same store and clock: what a process restart looks like.</summary>
    public WorkflowEngine Restart()
    {
        Engine = NewEngine();
        return Engine;
    }

    public async Task<StepRecord[]> StepsAsync(string executionId) => [.. await Store.GetStepsAsync(executionId)];

    public async ValueTask DisposeAsync() => await Engine.DisposeAsync();

    private WorkflowEngine NewEngine() =>
        new(Actions, Store, Journal, Workflows, Time, Options, _services, NullLoggerFactory.Instance);
}
