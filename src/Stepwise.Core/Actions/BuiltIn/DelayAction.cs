using System.Text.Json.Nodes;
using Stepwise.Sdk;

namespace Stepwise.Core.Actions.BuiltIn;

/// <summary>
/// <c>delay</c>: a durable timer. It waits until the step's first start plus the duration, so a run resumed after a
/// restart waits only for what is left.
/// </summary>
internal sealed class DelayAction : IAction, IDurableTimerAction, IExternalAction
{
    public string Name => "delay";

    public IReadOnlyList<ActionInput> Inputs { get; } =
    [
        new("duration", DataType.String, Required: true, Description: "How long to wait, e.g. 2s, 5m, PT1H."),
    ];

    public bool AcceptsAdditionalInputs => false;

    public DataType GetOutputType(ActionTypeContext context) => DataType.Null;

    public DateTimeOffset? GetDueAt(JsonObject inputs, DateTimeOffset stepStartedAt) =>
        InputReader.TryGetDuration(inputs, "duration", required: true, out var duration, out _)
            ? stepStartedAt + duration!.Value
            : null;

    public async ValueTask<ActionResult> ExecuteAsync(ActionContext context, CancellationToken cancellationToken = default)
    {
        if (!InputReader.TryGetDuration(context.Inputs, "duration", required: true, out var duration, out var error))
        {
            return InputReader.Invalid(error);
        }

        var remaining = context.StepStartedAt + duration!.Value - context.Time.GetUtcNow();
        if (remaining > TimeSpan.Zero)
        {
            await Task.Delay(remaining, context.Time, cancellationToken).ConfigureAwait(false);
        }

        return ActionResult.Success(null);
    }
}
