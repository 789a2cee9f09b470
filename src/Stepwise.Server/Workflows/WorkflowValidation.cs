using Stepwise.Core.Definitions;
using Stepwise.Core.Storage;

namespace Stepwise.Server.Workflows;

/// <summary>
/// Validates an uploaded document against the organization's deployed workflows, so a <c>workflow</c> node naming
/// an unknown child is an error and a known child's output types the parent.
/// </summary>
internal sealed class WorkflowValidation(IWorkflowDirectory directory, DefinitionCache definitions)
{
    public async Task<LoadResult> ValidateAsync(
        string orgId, string text, string? fileName, CancellationToken cancellationToken)
    {
        var current = await directory.ListAsync(orgId, cancellationToken);
        var set = WorkflowSet.FromSources(
            current.Select(summary => (summary.Latest.Name, summary.Latest.Source)), definitions.Actions);
        return set.Load(text, fileName);
    }
}
