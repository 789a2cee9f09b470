using System.Text.Json.Nodes;
using Stepwise.Core.Diagnostics;
using Stepwise.Core.Expressions;
using Stepwise.Sdk;

namespace Stepwise.Core.Definitions.Validation;

internal sealed partial class WorkflowValidator
{
    private const string ItemsInput = "items";

    /// <summary>
    /// Checks every expression in graph order, so each node sees the output types of the nodes upstream of it;
    /// returns the workflow's output type.
    /// </summary>
    private DataType CheckTypes(
        WorkflowGraph graph,
        IReadOnlyList<NodeDraft?> nodes,
        IReadOnlyList<ParamDefinition> parameters,
        ValueTemplate? output,
        JsonNode? outputRaw)
    {
        var paramTypes = parameters.ToDictionary(p => p.Name, p => ParamTypes.StaticType(p.Type), StringComparer.Ordinal);
        var allNodes = nodes.Where(n => n?.Id is not null).Select(n => n!.Id!).ToHashSet(StringComparer.Ordinal);
        var outputTypes = new Dictionary<string, DataType>(StringComparer.Ordinal);
        foreach (var index in graph.TopologicalOrder)
        {
            if (nodes[index] is not { Id: { } id } node || outputTypes.ContainsKey(id))
            {
                continue;
            }

            var upstream = new UpstreamTypes(graph.Upstream(index), outputTypes);
            var scope = new TypeScope { Params = paramTypes, AllNodes = allNodes, UpstreamOutputs = upstream, CurrentNode = id };
            var type = CheckNode(node, scope);
            outputTypes[id] = type;
            if (node.Compensate is { } compensate)
            {
                // A compensation runs after its node succeeded, so it may read the node's own output too.
                var withSelf = new UpstreamTypes(new HashSet<string>(graph.Upstream(index), StringComparer.Ordinal) { id }, outputTypes);
                CheckNode(compensate, new TypeScope { Params = paramTypes, AllNodes = allNodes, UpstreamOutputs = withSelf, CurrentNode = id });
            }
        }

        var everyNode = new TypeScope { Params = paramTypes, AllNodes = allNodes, UpstreamOutputs = outputTypes };
        foreach (var (response, prefix, location) in _webhookResponses)
        {
            response.Check(everyNode, (scalar, error) => ReportExpression(prefix, scalar, error, location));
        }

        if (output is not null)
        {
            return output.Check(everyNode, (scalar, error) => ReportExpression("output: ", scalar, error, _context.Map.Of(outputRaw)));
        }

        // Without output: the run's output is an object of every sink node's output, keyed by node id.
        var sinks = new Dictionary<string, DataType>(StringComparer.Ordinal);
        for (var i = 0; i < graph.Count; i++)
        {
            if (graph.Successors(i).Count == 0 && nodes[i]?.Id is { } sink && outputTypes.TryGetValue(sink, out var sinkType))
            {
                sinks[sink] = sinkType;
            }
        }

        return DataType.ObjectOf(sinks);
    }

    /// <summary>Checks one node's inputs, templates and when; returns its output type.</summary>
    private DataType CheckNode(NodeDraft node, TypeScope scope)
    {
        var inputTypes = new Dictionary<string, DataType>(StringComparer.Ordinal);
        foreach (var (name, template) in node.With)
        {
            var location = _context.Map.Of(node.WithRaw[name]) ?? node.WithLocation ?? node.Location;
            var type = template.Check(scope, (scalar, error) => ReportExpression($"{node.Scope}with.{name}: ", scalar, error, location));
            inputTypes[name] = type;
            var declared = node.Action?.Inputs.FirstOrDefault(i => string.Equals(i.Name, name, StringComparison.Ordinal));
            if (node.Templates.Count > 0 && name == ItemsInput && type.Kind is not (DataKind.Array or DataKind.Any))
            {
                _context.Error($"{node.Scope}with.{name}: {ExpressionMessages.CannotIterate(type)}", location, DiagnosticCategory.TypeError);
            }
            else if (declared is not null && !TypeRules.IsAssignable(type, declared.Type))
            {
                _context.Error($"{node.Scope}with.{name} must be {declared.Type}, got {type}", location, DiagnosticCategory.TypeError);
            }
        }

        if (node.Templates.Count > 0)
        {
            var itemType = inputTypes.TryGetValue(ItemsInput, out var items) && items.Kind == DataKind.Array
                ? items.Element ?? DataType.Any
                : DataType.Any;
            var itemScope = new TypeScope
            {
                Params = scope.Params,
                AllNodes = scope.AllNodes,
                UpstreamOutputs = scope.UpstreamOutputs,
                CurrentNode = scope.CurrentNode,
                ItemType = itemType,
            };
            foreach (var (name, template) in node.Templates)
            {
                inputTypes[name] = CheckNode(template, itemScope);
            }
        }

        if (node.When is { } when)
        {
            var type = when.Check(scope, (scalar, error) => ReportExpression($"{node.Scope}when: ", scalar, error, node.WhenLocation));
            if (type.Kind is not (DataKind.Bool or DataKind.Any))
            {
                _context.Error($"{node.Scope}when must be a bool expression, got {type}", node.WhenLocation);
            }
        }

        CheckChildWorkflow(node, inputTypes);
        if (node.Action is null)
        {
            return DataType.Any;
        }

        var constants = node.With
            .Where(input => input.Value.IsConstant)
            .ToDictionary(input => input.Key, input => input.Value.Raw, StringComparer.Ordinal);

        // A constant duration input (a delay's, a timeout) is read now, so a bad one fails the deploy, not the run.
        foreach (var (name, raw) in constants)
        {
            if (Actions.BuiltIn.BuiltInDurations.IsDurationInput(node.Action.Name, name)
                && !Actions.BuiltIn.InputReader.TryGetDuration(new JsonObject { [name] = raw?.DeepClone() }, name, required: false, out _, out var problem))
            {
                _context.Error($"{node.Scope}with.{name}: {problem}", _context.Map.Of(node.WithRaw[name]) ?? node.WithLocation ?? node.Location);
            }
        }
        var outputType = node.Action.GetOutputType(new ActionTypeContext(inputTypes, ResolveWorkflowOutputType, constants));

        // A continue_on_error node that fails finishes with {error: ...} instead of its action's output.
        return node.ContinueOnError ? DataType.Any : outputType;
    }

    private DataType? ResolveWorkflowOutputType(string name) => _workflows?.GetOutputType(name);
}
