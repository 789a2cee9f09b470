namespace Stepwise.Core.Actions;

/// <summary>
/// Marks actions that may only be nodes of a workflow's graph, not foreach templates or compensations: they park
/// the run while they wait, which only a graph node can do.
/// </summary>
internal interface ITopLevelAction;
