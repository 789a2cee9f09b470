using Stepwise.Sdk;

namespace Stepwise.Core.Actions;

/// <summary>
/// Actions that come and go after start (the workspace's [Action] classes, plug-ins): consulted after the built-in
/// ones, by the registry YAML nodes use.
/// </summary>
public interface IActionSource
{
    IEnumerable<string> Names { get; }

    bool TryGet(string name, out IAction action);
}
