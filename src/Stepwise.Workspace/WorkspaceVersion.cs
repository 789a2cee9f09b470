using System.Reflection;
using Stepwise.Core.Definitions;
using Stepwise.Sdk;

namespace Stepwise.Workspace;

/// <summary>
/// One good build of a workspace, loaded in its own collectible context: its workflows (as definitions the engine
/// runs), data providers and actions. Runs pin it while they execute; once a newer build replaces it and the last
/// pin is released, its context is unloaded.
/// </summary>
public sealed class WorkspaceVersion
{
    private readonly Lock _gate = new();
    private readonly WorkspaceLoadContext _context;
    private int _pins;
    private bool _retired;

    private WorkspaceVersion(string hash, WorkspaceLoadContext context, IReadOnlyList<WorkspaceFile> files, TimeSpan compileTime)
    {
        Hash = hash;
        _context = context;
        Files = files;
        CompileTime = compileTime;
    }

    /// <summary>The workspace's content hash.</summary>
    public string Hash { get; }

    public IReadOnlyList<WorkspaceFile> Files { get; }

    public TimeSpan CompileTime { get; }

    public IReadOnlyDictionary<string, WorkflowDefinition> Workflows { get; private set; } = new Dictionary<string, WorkflowDefinition>();

    public IReadOnlyDictionary<string, DataProvider> DataProviders { get; private set; } = new Dictionary<string, DataProvider>();

    public IReadOnlyList<IAction> Actions { get; private set; } = [];

    /// <summary>True once the context was asked to unload (no run needs it any more).</summary>
    public bool IsUnloaded { get; private set; }

    internal static WorkspaceVersion Load(CompileResult build)
    {
        var context = new WorkspaceLoadContext($"workspace-{build.Sources.Hash[..12]}");
        var version = new WorkspaceVersion(build.Sources.Hash, context, build.Sources.Files, build.Elapsed);
        using var image = new MemoryStream(build.Image!);
        using var symbols = new MemoryStream(build.Symbols!);
        var assembly = context.LoadFromStream(image, symbols);
        var discovery = build.Discovery!;
        version.Workflows = discovery.Workflows.ToDictionary(w => w.Name, w => version.Bind(assembly, w), StringComparer.Ordinal);
        version.DataProviders = discovery.Providers.ToDictionary(
            p => p.Name,
            p => new DataProvider(p.Name, p.Description, p.FormParams, Method(assembly, p.TypeName, p.MethodName, "DataProviderAttribute", p.Name), version),
            StringComparer.Ordinal);
        version.Actions = [.. discovery.Actions.Select(a => (IAction)Activator.CreateInstance(assembly.GetType(a.TypeName, throwOnError: true)!)!)];
        return version;
    }

    /// <summary>Keeps the version loaded until the returned handle is disposed.</summary>
    public IDisposable Pin()
    {
        lock (_gate)
        {
            _pins++;
        }

        return new Release(this);
    }

    /// <summary>A newer build serves now: unload once no run uses this one.</summary>
    internal void Retire()
    {
        lock (_gate)
        {
            _retired = true;
            UnloadIfUnused();
        }
    }

    /// <summary>
    /// A version restored for runs pinned to it (not the serving one): unload once the runs using it are done,
    /// not before the first one has started.
    /// </summary>
    internal void RetireWhenUnused()
    {
        lock (_gate)
        {
            _retired = true;
        }
    }

    private void Unpin()
    {
        lock (_gate)
        {
            _pins--;
            UnloadIfUnused();
        }
    }

    private void UnloadIfUnused()
    {
        if (_retired && _pins == 0 && !IsUnloaded)
        {
            IsUnloaded = true;
            _context.Unload();
        }
    }

    private WorkflowDefinition Bind(Assembly assembly, DiscoveredWorkflow workflow)
    {
        var method = Method(assembly, workflow.TypeName, workflow.MethodName, "WorkflowAttribute", workflow.Name);
        var clr = method.GetParameters();
        var parameters = workflow.Params
            .Select((p, i) => (p.Name, clr.Single(c => c.Name == workflow.ClrParamNames[i]).ParameterType))
            .ToList();
        return new WorkflowDefinition(
            workflow.Name,
            workflow.Description,
            workflow.Timeout,
            WorkflowDefinition.DefaultMaxParallelNodes,
            workflow.Priority,
            workflow.Params,
            workflow.Triggers.Count == 0 ? [new ManualTrigger(null)] : workflow.Triggers,
            [],
            [],
            null,
            OnFailure.Stop,
            workflow.SourcePath)
        {
            Code = new CodeWorkflow(this, method, parameters),
        };
    }

    private static MethodInfo Method(Assembly assembly, string typeName, string methodName, string attribute, string name)
    {
        var type = assembly.GetType(typeName, throwOnError: true)!;
        return type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
            .Single(m => m.Name == methodName && m.GetCustomAttributes().Any(a => a switch
            {
                WorkflowAttribute workflow => attribute == nameof(WorkflowAttribute) && workflow.Name == name,
                DataProviderAttribute provider => attribute == nameof(DataProviderAttribute) && provider.Name == name,
                _ => false,
            }));
    }

    private sealed class Release(WorkspaceVersion version) : IDisposable
    {
        private int _done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0)
            {
                version.Unpin();
            }
        }
    }
}
