using System.Text.Json;
using System.Text.Json.Nodes;
using Stepwise.Sdk;

namespace Stepwise.Core.Definitions.Validation;

internal sealed partial class WorkflowValidator
{
    private const string WorkflowAction = "workflow";
    private const string ChildInput = "input";

    /// <summary>
    /// A <c>workflow</c> node naming its child by a literal: the child must be known when the set of workflows is,
    /// and the <c>input</c> it passes must fit the child's params.
    /// </summary>
    private void CheckChildWorkflow(NodeDraft node, IReadOnlyDictionary<string, DataType> inputTypes)
    {
        if (node.Action?.Name != WorkflowAction
            || !node.With.TryGetValue(WorkflowAction, out var child)
            || !child.IsConstant
            || !JsonText.TryGetString(child.Raw, out var name))
        {
            return;
        }

        var location = _context.Map.Of(node.WithRaw[WorkflowAction]) ?? node.WithLocation;
        if (_workflows is null)
        {
            _context.Warning($"{node.Scope}workflow '{name}' is not checked: no other workflows are known here (validate with the folder of workflows to check it)", location);
        }
        else if (!_workflows.Contains(name) && !_workflows.IsComplete)
        {
            _context.Warning($"{node.Scope}workflow '{name}' is not checked: it is not among the files validated together (add its file, or validate with --workflows DIR)", location);
        }
        else if (!_workflows.Contains(name))
        {
            _context.Error($"{node.Scope}unknown workflow '{name}'{Suggestions.Hint(name, _workflows.Names)}", location);
        }
        else if (_workflows.GetParams(name) is { } parameters)
        {
            CheckChildInput(node, name, parameters, inputTypes.TryGetValue(ChildInput, out var type) ? type : null);
        }
    }

    private void CheckChildInput(NodeDraft node, string child, IReadOnlyList<ParamDefinition> parameters, DataType? inputType)
    {
        var raw = node.WithRaw.GetValueOrDefault(ChildInput);
        if (raw is not null && raw is not JsonObject)
        {
            // An expression building the whole input: its keys are only known at run time.
            return;
        }

        var given = raw as JsonObject ?? [];
        var prefix = $"{node.Scope}with.{ChildInput}";
        var location = _context.Map.Of(raw) ?? node.WithLocation ?? node.Location;
        foreach (var (key, value) in given)
        {
            var param = parameters.FirstOrDefault(p => string.Equals(p.Name, key, StringComparison.Ordinal));
            var valueLocation = _context.Map.Of(value) ?? _context.Map.OfKey(given, key);
            if (param is null)
            {
                _context.Error($"{prefix}: workflow '{child}' has no parameter '{key}'{Suggestions.Hint(key, parameters.Select(p => p.Name))}", _context.Map.OfKey(given, key));
                continue;
            }

            var expected = ParamTypes.StaticType(param.Type);
            if (inputType?.Fields.TryGetValue(key, out var actual) == true && !TypeRules.IsAssignable(actual, expected))
            {
                _context.Error($"{prefix}.{key} must be {expected} for parameter '{key}' of workflow '{child}', got {actual}", valueLocation);
            }
            else if (value is JsonValue literal && !HoldsExpression(literal) && ParamValueRules.Check(param, literal, out _) is { } problem)
            {
                _context.Error($"{prefix}.{key}: Parameter '{key}' of workflow '{child}' validation failed: {problem}", valueLocation);
            }
        }

        foreach (var param in parameters)
        {
            if (param.Required && param.Default is null && given[param.Name] is null)
            {
                _context.Error($"{prefix}: missing required parameter '{param.Name}' of workflow '{child}'", location);
            }
        }
    }

    private static bool HoldsExpression(JsonValue value) =>
        value.GetValueKind() == JsonValueKind.String && value.GetValue<string>().Contains("${{", StringComparison.Ordinal);
}
