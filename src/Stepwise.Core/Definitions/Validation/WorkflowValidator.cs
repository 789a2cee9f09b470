using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Stepwise.Core.Actions;
using Stepwise.Core.Definitions.Parsing;
using Stepwise.Core.Diagnostics;
using Stepwise.Core.Expressions;
using Stepwise.Sdk;

namespace Stepwise.Core.Definitions.Validation;

/// <summary>
/// Turns a raw document tree into a <see cref="WorkflowDefinition"/>, collecting every problem instead of stopping
/// at the first: structure and types of fields, the graph, params and triggers, then the static types of every
/// expression in graph order.
/// </summary>
internal sealed partial class WorkflowValidator
{
    private static readonly string[] TopLevelFields =
    [
        "name", "description", "timeout", "max_parallel_nodes", "priority", "params", "triggers", "nodes",
        "connections", "output", "on_failure", "retention",
    ];

    private readonly ValidationContext _context;
    private readonly ActionRegistry _actions;
    private readonly IWorkflowCatalog? _workflows;
    private readonly string? _path;

    private WorkflowValidator(ValidationContext context, ActionRegistry actions, IWorkflowCatalog? workflows, string? path)
    {
        _context = context;
        _actions = actions;
        _workflows = workflows;
        _path = path;
    }

    public static LoadResult Validate(ParsedDocument document, ActionRegistry actions, IWorkflowCatalog? workflows)
    {
        var validator = new WorkflowValidator(new ValidationContext(document.Map), actions, workflows, document.Map.File);
        return validator.Run(document.Root);
    }

    private LoadResult Run(JsonNode? root)
    {
        if (root is not JsonObject mapping)
        {
            _context.Error(
                root is null
                    ? "the document is empty; a workflow needs at least name and nodes"
                    : $"a workflow must be a mapping with name and nodes, got {JsonText.Describe(root)}",
                _context.Map.Of(root));
            return new LoadResult(null, _context.Diagnostics, null, DataType.Any);
        }

        var top = new FieldReader(mapping, string.Empty, string.Empty, _context);
        top.CheckFields(TopLevelFields);
        var name = ReadName(top);
        var description = top.String("description");
        var timeout = top.Duration("timeout") ?? WorkflowDefinition.DefaultTimeout;
        var retention = ReadRetention(top);
        var maxParallel = top.Integer("max_parallel_nodes", 1, int.MaxValue) ?? WorkflowDefinition.DefaultMaxParallelNodes;
        var priority = top.Integer("priority", 0, 10) ?? WorkflowDefinition.DefaultPriority;
        var onFailure = top.Choice("on_failure", ["stop", "compensate"]) == "compensate" ? OnFailure.Compensate : OnFailure.Stop;
        var parameters = ReadParams(top);
        var triggers = ReadTriggers(top, parameters);
        var nodes = ReadNodes(top);
        var connections = ReadConnections(top, nodes);
        var outputRaw = top.Take("output");
        var output = outputRaw is null ? null : Compile(outputRaw, "output: ", top.Where("output"));
        var graph = BuildGraph(nodes, connections);
        var outputType = graph is null ? DataType.Any : CheckTypes(graph, nodes, parameters, output, outputRaw);
        CheckCompensation(onFailure, nodes, top);

        if (_context.HasErrors || name is null)
        {
            return new LoadResult(null, _context.Diagnostics, name, outputType);
        }

        var definition = new WorkflowDefinition(
            name,
            description,
            timeout,
            (int)maxParallel,
            (int)priority,
            parameters,
            triggers,
            [.. nodes.Select(n => n!.ToDefinition(n.Id!))],
            connections,
            output,
            onFailure,
            _path)
        {
            Retention = retention,
        };
        return new LoadResult(definition, _context.Diagnostics, name, outputType);
    }

    private static string? ReadName(FieldReader top)
    {
        var name = top.String("name", required: true);
        if (name is not null && !WorkflowNamePattern().IsMatch(name))
        {
            top.Error($"name must match [a-z0-9_-]{{1,64}}, got '{name}'", "name");
            return null;
        }

        return name;
    }

    private static TimeSpan? ReadRetention(FieldReader top)
    {
        var retention = top.Duration("retention");
        if (retention is { } value && (value < WorkflowDefinition.MinRetention || value > WorkflowDefinition.MaxRetention))
        {
            top.Error(
                $"retention must be from {Duration.Format(WorkflowDefinition.MinRetention)} to " +
                $"{Duration.Format(WorkflowDefinition.MaxRetention)}, got '{Duration.Format(value)}'",
                "retention");
            return null;
        }

        return retention;
    }

    private void CheckCompensation(OnFailure onFailure, IReadOnlyList<NodeDraft?> nodes, FieldReader top)
    {
        var compensated = nodes.Where(n => n?.Compensate is not null).ToList();
        if (onFailure == OnFailure.Compensate && compensated.Count == 0 && nodes.Count > 0)
        {
            top.Warning("on_failure is compensate, but no node has a compensate action", "on_failure");
        }

        if (onFailure == OnFailure.Stop)
        {
            foreach (var node in compensated)
            {
                _context.Warning($"{node!.Scope}compensate only runs when on_failure is compensate", node.Compensate!.Location);
            }
        }
    }

    private ValueTemplate Compile(JsonNode? raw, string prefix, SourceLocation? fallback) =>
        ValueTemplate.Compile(raw, (scalar, error) => ReportExpression(prefix, scalar, error, fallback));

    private void ReportExpression(string prefix, JsonNode? scalar, ExpressionError error, SourceLocation? fallback) =>
        _context.Error(prefix + error.Message, _context.Map.InString(scalar, error.Offset) ?? fallback, error.Category);

    [GeneratedRegex("^[a-z0-9_-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex WorkflowNamePattern();

    [GeneratedRegex("^[a-z0-9_]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex NodeIdPattern();
}
