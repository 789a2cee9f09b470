using System.Reflection;
using System.Runtime.Loader;

namespace Stepwise.Workspace;

/// <summary>
/// A collectible load context for one workspace version. Every reference (Stepwise.Sdk, the BCL) resolves from the
/// default context, so <c>[Workflow]</c> and <c>IWorkflowContext</c> are the engine's own types.
/// </summary>
internal sealed class WorkspaceLoadContext(string name) : AssemblyLoadContext(name, isCollectible: true)
{
    protected override Assembly? Load(AssemblyName assemblyName) => null;
}
