namespace Stepwise.Sdk;

/// <summary>
/// What the validator needs to know about an action: its name, inputs and output type. Separate from
/// <see cref="IAction"/> so that catalogues can describe actions without being able to run them.
/// </summary>
public interface IActionType
{
    /// <summary>The <c>type:</c> of a node that uses this action, e.g. <c>http</c>.</summary>
    string Name { get; }

    /// <summary>The inputs the action accepts.</summary>
    IReadOnlyList<ActionInput> Inputs { get; }

    /// <summary>True when keys not listed in <see cref="Inputs"/> are accepted (transform takes any object).</summary>
    bool AcceptsAdditionalInputs { get; }

    /// <summary>
    /// The static type of the action's output, given the static types of the inputs a node gives it.
    /// Return <see cref="DataType.Any"/> when it cannot be known.
    /// </summary>
    DataType GetOutputType(ActionTypeContext context);
}
