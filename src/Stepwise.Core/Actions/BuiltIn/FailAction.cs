using Stepwise.Sdk;

namespace Stepwise.Core.Actions.BuiltIn;

/// <summary>
/// <c>fail</c>: never succeeds. The failure is retryable so that a node's retry policy decides, as for any action.
/// </summary>
internal sealed class FailAction : IAction, IInMemoryAction
{
    public string Name => "fail";

    public IReadOnlyList<ActionInput> Inputs { get; } =
    [
        new("message", DataType.String, Description: "The error of the step (default 'failed by a fail node')."),
        new("code", DataType.String, Description: "A machine-readable error code, e.g. PAYMENT_FAILED."),
    ];

    public bool AcceptsAdditionalInputs => false;

    public DataType GetOutputType(ActionTypeContext context) => DataType.Null;

    public ValueTask<ActionResult> ExecuteAsync(ActionContext context, CancellationToken cancellationToken = default)
    {
        if (!InputReader.TryGetString(context.Inputs, "message", required: false, out var message, out var error)
            || !InputReader.TryGetString(context.Inputs, "code", required: false, out var code, out error))
        {
            return ValueTask.FromResult(InputReader.Invalid(error));
        }

        return ValueTask.FromResult(ActionResult.Failure(message ?? "failed by a fail node", code));
    }
}
