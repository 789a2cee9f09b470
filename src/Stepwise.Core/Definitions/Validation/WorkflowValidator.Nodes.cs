using System.Text.Json.Nodes;

namespace Stepwise.Core.Definitions.Validation;

internal sealed partial class WorkflowValidator
{
    private static readonly string[] NodeFields =
        ["id", "type", "with", "when", "timeout", "retry", "continue_on_error", "compensate"];

    private static readonly string[] TemplateFields = ["type", "with", "when", "timeout", "retry", "continue_on_error"];

    private static readonly string[] CompensateFields = ["type", "with", "when", "timeout", "retry"];

    private static readonly string[] RetryFields = ["max_attempts", "backoff", "delay", "max_delay", "jitter"];

    private const int MaxAttempts = 100;

    /// <summary>One draft per list item, null where the item is not a mapping.</summary>
    private List<NodeDraft?> ReadNodes(FieldReader top)
    {
        var drafts = new List<NodeDraft?>();
        if (!top.Require("nodes") || top.List("nodes") is not { } list)
        {
            return drafts;
        }

        if (list.Count == 0)
        {
            top.Error("nodes must have at least one node", "nodes");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is not JsonObject mapping)
            {
                _context.Error($"Node {i} must be a mapping with id and type, got {JsonText.Describe(list[i])}", _context.Map.OfItem(list, i));
                drafts.Add(null);
                continue;
            }

            var draft = ReadNode(mapping, i);
            if (draft.Id is not null && !seen.Add(draft.Id))
            {
                _context.Error($"{draft.Scope}duplicate node id '{draft.Id}'", _context.Map.OfValue(mapping, "id"));
            }

            drafts.Add(draft);
        }

        return drafts;
    }

    private NodeDraft ReadNode(JsonObject mapping, int index)
    {
        var subject = JsonText.TryGetString(mapping["id"], out var named) && named.Length > 0 ? $"Node {index} ({named})" : $"Node {index}";
        var fields = new FieldReader(mapping, subject, string.Empty, _context);
        fields.CheckFields(NodeFields);
        var id = fields.String("id", required: true);
        if (id is not null && !NodeIdPattern().IsMatch(id))
        {
            fields.Error($"id must match [a-z0-9_]{{1,64}}, got '{id}'", "id");
            id = null;
        }

        var draft = ReadActionNode(fields);
        draft.Id = id;
        if (fields.SubMapping("compensate") is { } compensate)
        {
            var compensateFields = new FieldReader(compensate, subject, "compensate.", _context);
            compensateFields.CheckFields(CompensateFields);
            draft.Compensate = ReadActionNode(compensateFields);
            RejectNested(draft.Compensate, compensateFields, "a compensation");
        }

        return draft;
    }

    /// <summary>Actions that park the run (approval) can only be nodes of the graph.</summary>
    private static void RejectNested(NodeDraft nested, FieldReader fields, string what)
    {
        if (nested.Action is Actions.ITopLevelAction)
        {
            fields.Error(
                $"{fields.PathLabel}'{nested.TypeName}' can only be a node of the workflow, not {what}: make it a node of its own",
                "type");
        }
    }

    /// <summary>The parts every node shape shares: type, with, when, timeout, retry, continue_on_error.</summary>
    private NodeDraft ReadActionNode(FieldReader fields)
    {
        var draft = new NodeDraft(fields.Scope, fields.Location);
        var typeName = fields.String("type", required: true);
        draft.TypeName = typeName;
        if (typeName is not null)
        {
            if (_actions.TryGet(typeName, out var action))
            {
                draft.Action = action;
            }
            else
            {
                fields.Error($"{fields.PathLabel}unknown action type '{typeName}'{UnknownTypeHint(typeName)}", "type");
            }
        }

        ReadInputs(fields, draft);
        draft.WhenLocation = fields.Where("when");
        if (fields.Take("when") is { } when)
        {
            draft.When = Compile(when, $"{fields.Scope}when: ", draft.WhenLocation);
        }

        draft.Timeout = fields.Duration("timeout");
        if (draft.Timeout > Duration.Longest)
        {
            fields.Error(Duration.TooLong($"{fields.Path}timeout", Duration.Format(draft.Timeout.Value)), "timeout");
            draft.Timeout = null;
        }
        draft.ContinueOnError = fields.Bool("continue_on_error") ?? false;
        if (fields.SubMapping("retry") is { } retry)
        {
            draft.Retry = ReadRetry(new FieldReader(retry, fields.Subject, fields.Path + "retry.", _context));
        }

        return draft;
    }

    private void ReadInputs(FieldReader fields, NodeDraft draft)
    {
        draft.WithLocation = fields.Where("with");
        var with = fields.SubMapping("with");
        var given = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, value) in with?.ToList() ?? [])
        {
            var location = _context.Map.OfValue(with!, key);
            var input = draft.Action?.Inputs.FirstOrDefault(i => string.Equals(i.Name, key, StringComparison.Ordinal));
            if (draft.Action is { AcceptsAdditionalInputs: false } action && input is null)
            {
                var hint = Suggestions.Hint(key, action.Inputs.Select(i => i.Name));
                _context.Error($"{draft.Scope}unknown input '{key}' for action '{action.Name}'{hint}", _context.Map.OfKey(with!, key));
            }

            if (value is not null)
            {
                given.Add(key);
            }

            if (input?.IsTemplate == true)
            {
                if (value is JsonObject template)
                {
                    var templateFields = new FieldReader(template, fields.Subject, $"{fields.Path}with.{key}.", _context);
                    templateFields.CheckFields(TemplateFields);
                    draft.Templates[key] = ReadActionNode(templateFields);
                    RejectNested(draft.Templates[key], templateFields, $"the '{key}' template of '{draft.TypeName}'");
                }
                else
                {
                    _context.Error(
                        $"{draft.Scope}with.{key} must be a node (a mapping with type and with), got {JsonText.Describe(value)}",
                        location);
                }

                continue;
            }

            with!.Remove(key);
            draft.WithRaw[key] = value;
            draft.With[key] = Compile(value, $"{draft.Scope}with.{key}: ", location);
        }

        foreach (var input in draft.Action?.Inputs ?? [])
        {
            if (input.Required && !given.Contains(input.Name))
            {
                _context.Error(
                    $"{draft.Scope}missing required input '{input.Name}' for action '{draft.Action!.Name}'",
                    with is null ? fields.Location : draft.WithLocation);
            }
        }
    }

    private static RetryPolicy ReadRetry(FieldReader retry)
    {
        retry.CheckFields(RetryFields);
        var defaults = RetryPolicy.None;
        var attempts = retry.Integer("max_attempts", 1, MaxAttempts);
        if (!retry.Has("max_attempts"))
        {
            retry.Warning("retry without max_attempts makes 1 attempt, so it never retries; set max_attempts", null);
        }

        var backoff = retry.Choice("backoff", ["exponential", "fixed"]) == "fixed" ? BackoffKind.Fixed : BackoffKind.Exponential;
        var delay = retry.Duration("delay", allowZero: true) ?? defaults.Delay;
        var maxDelay = retry.Duration("max_delay");
        if (maxDelay is { } cap && cap < delay)
        {
            retry.Error($"{retry.Path}max_delay ({Duration.Format(cap)}) must not be shorter than {retry.Path}delay ({Duration.Format(delay)})", "max_delay");
        }

        var jitter = retry.Bool("jitter") ?? defaults.Jitter;
        return new RetryPolicy((int)(attempts ?? defaults.MaxAttempts), backoff, delay, maxDelay, jitter);
    }

    // A near miss gets "did you mean"; otherwise the loaded types are listed, plug-ins and workspace actions included.
    private string UnknownTypeHint(string typeName) =>
        Suggestions.Hint(typeName, _actions.Names) is { Length: > 0 } hint
            ? hint
            : $"; known types: {string.Join(", ", _actions.Names)}";
}
