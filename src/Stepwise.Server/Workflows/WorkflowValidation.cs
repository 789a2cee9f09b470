using Stepwise.Core.Definitions;
using Stepwise.Core.Diagnostics;
using Stepwise.Core.Storage;
using Stepwise.Core.Triggers;
using Stepwise.Hosting.Configuration;
using Stepwise.Hosting.Triggers;
using Stepwise.Sdk;
using Stepwise.Workspace;

namespace Stepwise.Server.Workflows;

/// <summary>
/// Validates an uploaded document against the organization's deployed workflows, so a <c>workflow</c> node naming
/// an unknown child is an error and a known child's output types the parent. Code workflows of the workspace are
/// known children too (their output is untyped), and a param naming a data provider the workspace does not define is
/// an error.
/// </summary>
internal sealed class WorkflowValidation(
    IWorkflowDirectory directory, DefinitionCache definitions, WorkspaceHost workspace, TriggerOptions triggers)
{
    public async Task<LoadResult> ValidateAsync(
        string orgId, string text, string? fileName, CancellationToken cancellationToken)
    {
        var current = await directory.ListAsync(orgId, cancellationToken);
        var code = current.Where(s => CodeWorkflowSource.TryParse(s.Latest.Source, out _, out _)).ToList();
        var set = WorkflowSet.FromSources(
            current.Except(code).Select(summary => (summary.Latest.Name, summary.Latest.Source)), definitions.Actions);
        // A node without the workspace folder knows code workflows from their stored workspace versions.
        var codeDefinitions = new Dictionary<string, WorkflowDefinition>(StringComparer.Ordinal);
        foreach (var summary in code)
        {
            if ((await definitions.LoadAsync(summary.Latest, cancellationToken)).Definition is { } loaded)
            {
                codeDefinitions[loaded.Name] = loaded;
            }
        }

        var result = WorkflowLoader.Load(text, fileName, definitions.Actions, new Catalog(set, codeDefinitions));
        if (result.Definition is not { } definition)
        {
            return result;
        }

        var providers = workspace.Current?.DataProviders;
        var unknown = definition.Params
            .Where(p => p.DataProvider is { } provider && providers?.ContainsKey(provider) != true)
            .Select(p => Diagnostic.Error(
                $"param '{p.Name}' names data provider '{p.DataProvider}', which is not defined", p.Location))
            .ToList();
        unknown.AddRange(OutsideWatchRoots(orgId, definition));
        return unknown.Count == 0 ? result : result with { Definition = null, Diagnostics = [.. result.Diagnostics, .. unknown] };
    }

    /// <summary>file_watch paths outside <c>STEPWISE_WATCH_ROOTS</c>, or holding the data folder.</summary>
    private IEnumerable<Diagnostic> OutsideWatchRoots(string orgId, WorkflowDefinition definition)
    {
        for (var index = 0; index < definition.Triggers.Count; index++)
        {
            if (definition.Triggers[index] is not FileWatchTrigger trigger)
            {
                continue;
            }

            string? refusal;
            try
            {
                refusal = WatchRoots.Refusal(FileWatch.FromTrigger(orgId, definition.Name, index, trigger, triggers.BaseFolder), triggers);
            }
            catch (ArgumentException exception)
            {
                refusal = exception.Message;
            }

            if (refusal is not null)
            {
                yield return Diagnostic.Error(refusal, trigger.Location);
            }
        }
    }

    /// <summary>The organization's YAML workflows and its code workflows, as one catalogue.</summary>
    private sealed class Catalog(WorkflowSet yaml, Dictionary<string, WorkflowDefinition> code) : IWorkflowCatalog
    {
        public IEnumerable<string> Names => yaml.Names.Concat(code.Keys).Order(StringComparer.Ordinal);

        public bool Contains(string name) => yaml.Contains(name) || code.ContainsKey(name);

        public DataType? GetOutputType(string name) => code.ContainsKey(name) ? DataType.Any : yaml.GetOutputType(name);

        public IReadOnlyList<ParamDefinition>? GetParams(string name) =>
            code.TryGetValue(name, out var definition) ? definition.Params : yaml.GetParams(name);
    }
}
