using System.Collections.Frozen;
using Stepwise.Sdk;

namespace Stepwise.Core.Actions;

/// <summary>
/// The actions a host knows, by node <c>type:</c>. Built once at start-up and read concurrently afterwards;
/// plug-ins are added by registering more <see cref="IAction"/> instances, never by editing the engine.
/// </summary>
public sealed class ActionRegistry
{
    private readonly FrozenDictionary<string, IAction> _actions;
    private readonly IActionSource? _extensions;

    public ActionRegistry(IEnumerable<IAction> actions, IActionSource? extensions = null)
    {
        _extensions = extensions;
        var byName = new Dictionary<string, IAction>(StringComparer.Ordinal);
        foreach (var action in actions)
        {
            if (!byName.TryAdd(action.Name, action))
            {
                throw new ArgumentException($"Two actions are registered as '{action.Name}'.", nameof(actions));
            }
        }

        _actions = byName.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>The per-host circuit breakers of the built-in http action, when this registry has it.</summary>
    internal Resilience.HttpResilience? HttpResilience { get; init; }

    public IEnumerable<string> Names =>
        _actions.Keys.Concat(_extensions?.Names ?? []).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);

    /// <summary>A built-in action wins over an extension of the same name (an extension cannot replace http).</summary>
    public bool TryGet(string name, out IAction action) =>
        _actions.TryGetValue(name, out action!) || (_extensions is not null && _extensions.TryGet(name, out action));
}
