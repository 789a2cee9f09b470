using Stepwise.Sdk;

namespace Stepwise.Core.Actions.BuiltIn;

/// <summary><c>transform</c>: its output is the object of its evaluated inputs.</summary>
internal sealed class TransformAction : IAction, IInMemoryAction
{
    public string Name => "transform";

    public IReadOnlyList<ActionInput> Inputs { get; } = [];

    public bool AcceptsAdditionalInputs => true;

    public DataType GetOutputType(ActionTypeContext context) => DataType.ObjectOf(context.InputTypes);

    // The engine may keep the inputs on the step record, so the output must be a tree of its own.
    public ValueTask<ActionResult> ExecuteAsync(ActionContext context, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(ActionResult.Success(context.Inputs.DeepClone()));
}
