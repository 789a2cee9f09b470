using System.Text.Json.Nodes;

namespace Stepwise.Core.Actions;

/// <summary>An action that waits for a due time; the engine records the due time with the step's start.</summary>
internal interface IDurableTimerAction
{
    DateTimeOffset? GetDueAt(JsonObject inputs, DateTimeOffset stepStartedAt);
}
