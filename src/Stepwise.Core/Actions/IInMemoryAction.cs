namespace Stepwise.Core.Actions;

/// <summary>
/// Marks built-in actions that only compute in memory, quickly, from their inputs: a run made of nothing else may be
/// written once, whole, when it ends (<see cref="Scheduling.RunOptions.WriteWhenFinished"/>), since a crash before
/// that loses no effect on the outside world.
/// </summary>
internal interface IInMemoryAction;
