using Stepwise.Core.Actions;
using Stepwise.Sdk;

namespace Stepwise.Workspace;

/// <summary>The node types of plug-in assemblies (loaded at start) and of the serving workspace version.</summary>
public sealed class WorkspaceActions(WorkspaceHost host, IReadOnlyList<IAction> plugins) : IActionSource
{
    public IEnumerable<string> Names => plugins.Select(a => a.Name).Concat(host.Current?.Actions.Select(a => a.Name) ?? []);

    public bool TryGet(string name, out IAction action)
    {
        action = plugins.FirstOrDefault(a => a.Name == name) ?? host.Current?.Actions.FirstOrDefault(a => a.Name == name)!;
        return action is not null;
    }
}
