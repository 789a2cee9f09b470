using System.Text.Json;
using System.Text.Json.Nodes;
using Stepwise.Core.Signals;
using Stepwise.Sdk;

namespace Stepwise.Core.Actions.BuiltIn;

/// <summary>
/// <c>approval</c>: waits for a person's decision, durably. The wait is a row (<see cref="ISignalStore"/>); while
/// nothing else of the run can go on, the run is parked (no node holds it) until the signal named after the step
/// (<c>POST /api/v1/executions/{id}/signals/{node}</c> or a signed link) or the timeout, whose default outcome then
/// applies. The output is <c>{approved, decision, by, comment, timed_out, payload}</c>.
/// </summary>
internal sealed class ApprovalAction : IAction, IDurableTimerAction, IExternalAction, ITopLevelAction
{
    public const string Kind = "approval";

    private static readonly DataType OutputType = DataType.ObjectOf(
        new Dictionary<string, DataType>(StringComparer.Ordinal)
        {
            ["approved"] = DataType.Bool,
            ["decision"] = DataType.String,
            ["by"] = DataType.Any,
            ["comment"] = DataType.Any,
            ["timed_out"] = DataType.Bool,
            ["payload"] = DataType.Any,
        });

    public string Name => Kind;

    public IReadOnlyList<ActionInput> Inputs { get; } =
    [
        new("timeout", DataType.String, Description: "How long to wait for a decision, e.g. 1h, 3d; without it, until one comes."),
        new("default", DataType.String, Description: "The outcome when the timeout passes: approved or rejected (default)."),
        new("message", DataType.String, Description: "What the approvers are asked; shown in the list of waiting runs."),
        new("data", DataType.Any, Description: "Anything the approvers should see with the message."),
    ];

    public bool AcceptsAdditionalInputs => false;

    public DataType GetOutputType(ActionTypeContext context) => OutputType;

    public DateTimeOffset? GetDueAt(JsonObject inputs, DateTimeOffset stepStartedAt) =>
        InputReader.TryGetDuration(inputs, "timeout", required: false, out var timeout, out _) && timeout is { } wait
            ? stepStartedAt + wait
            : null;

    public async ValueTask<ActionResult> ExecuteAsync(ActionContext context, CancellationToken cancellationToken = default)
    {
        if (!InputReader.TryGetDuration(context.Inputs, "timeout", required: false, out var timeout, out var error)
            || !InputReader.TryGetString(context.Inputs, "default", required: false, out var fallback, out error)
            || !InputReader.TryGetString(context.Inputs, "message", required: false, out var message, out error))
        {
            return InputReader.Invalid(error);
        }

        fallback ??= "rejected";
        if (fallback is not ("approved" or "rejected"))
        {
            return InputReader.Invalid($"input 'default' must be approved or rejected, got '{fallback}'");
        }

        if (context.Services.GetService(typeof(ISignalStore)) is not ISignalStore signals)
        {
            return ActionResult.Failure(
                "approval needs a host that keeps signals (stepwise serve); this one has no signal store",
                "SIGNALS_UNAVAILABLE",
                retryable: false);
        }

        var dueAt = timeout is { } wait ? context.StepStartedAt + wait : (DateTimeOffset?)null;
        var details = new JsonObject { ["message"] = message, ["default"] = fallback };
        if (context.Inputs.TryGetPropertyValue("data", out var data) && data is not null)
        {
            details["data"] = data.DeepClone();
        }

        if (context.Services.GetService(typeof(IApprovalLinks)) is IApprovalLinks links)
        {
            foreach (var (key, value) in links.Create(context.OrgId, context.ExecutionId, context.StepId))
            {
                details[key] = value?.DeepClone();
            }
        }

        var (current, created) = await signals.BeginWaitAsync(
            new SignalWait(
                context.ExecutionId, context.StepId, context.OrgId, context.WorkflowName, Kind, SignalWaitStatus.Waiting,
                context.StepStartedAt, dueAt, details, null, null, null),
            cancellationToken).ConfigureAwait(false);
        if (created)
        {
            context.Log.Write(
                ExecutionLogLevel.Info,
                dueAt is { } due
                    ? $"waiting for approval '{context.StepId}' until {due:O} (then {fallback})"
                    : $"waiting for approval '{context.StepId}'",
                details.DeepClone());
        }

        if (current.Status == SignalWaitStatus.Waiting && dueAt is { } deadline && deadline <= context.Time.GetUtcNow())
        {
            current = await signals.TimeOutAsync(context.ExecutionId, context.StepId, context.Time.GetUtcNow(), cancellationToken)
                .ConfigureAwait(false);
        }

        return current.Status switch
        {
            SignalWaitStatus.Received => ActionResult.Success(Decided(current)),
            SignalWaitStatus.TimedOut => ActionResult.Success(TimedOut(fallback)),
            _ => throw new RunSuspendedException(context.StepId, dueAt),
        };
    }

    private static JsonObject Decided(SignalWait wait)
    {
        var payload = wait.Payload as JsonObject;
        var approved = payload?["approved"]?.GetValueKind() == JsonValueKind.True;
        return new JsonObject
        {
            ["approved"] = approved,
            ["decision"] = approved ? "approved" : "rejected",
            ["by"] = wait.SentBy,
            ["comment"] = payload?["comment"]?.DeepClone(),
            ["timed_out"] = false,
            ["payload"] = wait.Payload?.DeepClone(),
        };
    }

    private static JsonObject TimedOut(string fallback) => new()
    {
        ["approved"] = fallback == "approved",
        ["decision"] = fallback,
        ["by"] = null,
        ["comment"] = null,
        ["timed_out"] = true,
        ["payload"] = null,
    };
}
