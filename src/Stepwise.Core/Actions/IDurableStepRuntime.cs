using System.Text.Json.Nodes;
using Stepwise.Core.Scheduling;
using Stepwise.Sdk;

namespace Stepwise.Core.Actions;

/// <summary>
/// What the engine offers built-in actions that do several durable things in one step (the agent): each piece is a
/// recorded step of its own (<c>node#name</c>), and a run resumed after a crash gets the recorded result of a
/// finished piece instead of doing it again. Implemented by the engine's runtime of every step; actions reach it by
/// casting <see cref="ActionContext.Runtime"/>.
/// </summary>
internal interface IDurableStepRuntime
{
    /// <summary>The actions of the host, to offer other actions as tools.</summary>
    ActionRegistry Actions { get; }

    /// <summary>The latest version of a workflow of the run's organization, or null.</summary>
    ValueTask<ResolvedWorkflow?> ResolveWorkflowAsync(string workflow, CancellationToken cancellationToken = default);

    /// <summary>
    /// Runs <paramref name="run"/> as the step <c>node#name</c>, recorded with <paramref name="input"/> and its
    /// outcome, durable before this returns; when that step already succeeded (a resumed run), returns its recorded
    /// output without running anything.
    /// </summary>
    ValueTask<ActionResult> StepAsync(
        string name, JsonNode? input, Func<CancellationToken, ValueTask<ActionResult>> run, CancellationToken cancellationToken = default);

    /// <summary>Runs another action once, as the step <c>node#name</c> (recorded, not repeated once succeeded).</summary>
    ValueTask<ActionResult> RunActionAsync(
        string name, IAction action, JsonObject inputs, CancellationToken cancellationToken = default);

    /// <summary>
    /// Runs a workflow of the organization as a child run and waits for it, as the step <c>node#name</c>. The child's
    /// id derives from the step, so a resumed run finds the child it started.
    /// </summary>
    ValueTask<ActionResult> RunWorkflowAsync(
        string name, string workflow, JsonObject input, CancellationToken cancellationToken = default);
}
