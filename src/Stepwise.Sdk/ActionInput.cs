namespace Stepwise.Sdk;

/// <summary>One input an action accepts under a node's <c>with:</c>.</summary>
/// <param name="Name">The key under <c>with:</c>.</param>
/// <param name="Type">The static type the value must have.</param>
/// <param name="Required">Whether a node must give it.</param>
/// <param name="Description">What it does, for docs and generated help.</param>
/// <param name="IsTemplate">
/// True when the value is a node template evaluated later by the action (foreach's <c>node</c>), not a value
/// evaluated before the action starts.
/// </param>
public sealed record ActionInput(
    string Name,
    DataType Type,
    bool Required = false,
    string? Description = null,
    bool IsTemplate = false);
