using Stepwise.Sdk;

namespace Stepwise.Core.Actions.BuiltIn;

/// <summary><c>transform</c>: its output is the object of its evaluated inputs.</summary>
internal sealed class TransformAction : IAction, IInMemoryAction
{
    public string Name => "transform";

    public IReadOnlyList<ActionInput> Inputs { get; } = [];

    public bool AcceptsAdditionalInputs => true;

    public DataType GetOutputType(ActionTypeContext context) => DataType.ObjectOf(context.InputTypes);

    // The output is the inputs object itself, not a copy: the engine builds the inputs fresh for each step, and
    // nothing changes them or its outputs afterwards (expressions return copies of what they read; the journal and
    // the stores only serialize; a foreach copies an item's output that already has a parent). The step's record
    // then holds one tree as input and output: the copy cost five objects per step, measuring the output again a
    // second serialization, and the SQLite store writes the tree's text once for both columns.
    public ValueTask<ActionResult> ExecuteAsync(ActionContext context, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(ActionResult.Success(context.Inputs));
}
