using Stepwise.Core.Diagnostics;
using Stepwise.Sdk;

namespace Stepwise.Core.Definitions;

/// <summary>
/// What loading a workflow gave: the definition when there is no error, and every diagnostic (errors and warnings)
/// with its position.
/// </summary>
/// <param name="Definition">The validated workflow; null when any error was found.</param>
/// <param name="Diagnostics">Every problem, in document order as far as possible.</param>
/// <param name="Name">The workflow's name when it could be read, even if other parts are invalid.</param>
/// <param name="OutputType">The static type of the workflow's output (<see cref="DataType.Any"/> when unknown).</param>
public sealed record LoadResult(
    WorkflowDefinition? Definition,
    IReadOnlyList<Diagnostic> Diagnostics,
    string? Name,
    DataType OutputType)
{
    public bool Succeeded => Definition is not null;

    public IEnumerable<Diagnostic> Errors => Diagnostics.Where(d => d.IsError);

    public IEnumerable<Diagnostic> Warnings => Diagnostics.Where(d => !d.IsError);
}
