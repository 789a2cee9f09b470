using System.Text.Json.Nodes;
using Stepwise.Sdk;

namespace Stepwise.Core.Actions.BuiltIn;

/// <summary><c>workflow</c>: runs another workflow of the organization as a child run.</summary>
internal sealed class WorkflowAction : IAction, IExternalAction
{
    private static readonly DataType StartedType = DataType.ObjectOf(
        new Dictionary<string, DataType>(StringComparer.Ordinal) { ["execution_id"] = DataType.String });

    public string Name => "workflow";

    public IReadOnlyList<ActionInput> Inputs { get; } =
    [
        new("workflow", DataType.String, Required: true, Description: "The name of the workflow to run."),
        new("input", DataType.AnyObject, Description: "The child run's params."),
        new("wait", DataType.Bool, Description: "Wait for the child and return its output (default true)."),
    ];

    public bool AcceptsAdditionalInputs => false;

    public DataType GetOutputType(ActionTypeContext context)
    {
        if (context.ConstantInputs is { } constants
            && constants.TryGetValue("wait", out var wait) && wait?.GetValueKind() == System.Text.Json.JsonValueKind.False)
        {
            return StartedType;
        }

        if (context.ConstantInputs is { } names && names.TryGetValue("workflow", out var name)
            && name is JsonValue value && value.TryGetValue<string>(out var workflow))
        {
            return context.ResolveWorkflowOutputType(workflow) ?? DataType.Any;
        }

        return DataType.Any;
    }

    public async ValueTask<ActionResult> ExecuteAsync(ActionContext context, CancellationToken cancellationToken = default)
    {
        if (!InputReader.TryGetString(context.Inputs, "workflow", required: true, out var workflow, out var error)
            || !InputReader.TryGetObject(context.Inputs, "input", out var input, out error)
            || !InputReader.TryGetBool(context.Inputs, "wait", fallback: true, out var wait, out error))
        {
            return InputReader.Invalid(error);
        }

        var childInput = input is null ? [] : (JsonObject)input.DeepClone();
        return await context.Runtime.RunWorkflowAsync(workflow!, childInput, wait, cancellationToken).ConfigureAwait(false);
    }
}
