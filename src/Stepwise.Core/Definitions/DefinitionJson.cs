using System.Text.Json.Nodes;
using Stepwise.Core.Diagnostics;
using Stepwise.Core.Expressions;
using Stepwise.Sdk;

namespace Stepwise.Core.Definitions;

/// <summary>
/// A validated definition as JSON, for <c>stepwise parse --output json</c>: every default filled in, durations in
/// one spelling, and every value that holds expressions shown with its parsed tree.
/// </summary>
public static class DefinitionJson
{
    public static JsonObject ToJson(WorkflowDefinition definition, DataType? outputType = null)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var json = new JsonObject
        {
            ["name"] = definition.Name,
            ["description"] = definition.Description,
            ["source_path"] = definition.SourcePath,
            ["timeout"] = Duration.Format(definition.Timeout),
            ["max_parallel_nodes"] = definition.MaxParallelNodes,
            ["priority"] = definition.Priority,
            ["on_failure"] = definition.OnFailure == OnFailure.Compensate ? "compensate" : "stop",
            ["retention"] = definition.Retention is { } retention ? Duration.Format(retention) : null,
            ["params"] = new JsonArray([.. definition.Params.Select(Param)]),
            ["triggers"] = new JsonArray([.. definition.Triggers.Select(Trigger)]),
            ["nodes"] = new JsonArray([.. definition.Nodes.Select(n => Node(n, withId: true))]),
            ["connections"] = new JsonArray([.. definition.Connections.Select(c => new JsonObject { ["from"] = c.From, ["to"] = c.To })]),
            ["output"] = Template(definition.Output),
        };
        if (outputType is not null)
        {
            json["output_type"] = outputType.ToString();
        }

        return json;
    }

    private static JsonObject Param(ParamDefinition param) => new()
    {
        ["name"] = param.Name,
        ["type"] = ParamTypes.Name(param.Type),
        ["label"] = param.Label,
        ["required"] = param.Required,
        ["default"] = param.Default?.DeepClone(),
        ["pattern"] = param.Pattern,
        ["options"] = param.Options is null ? null : new JsonArray([.. param.Options.Select(o => JsonValue.Create(o))]),
        ["data_provider"] = param.DataProvider,
    };

    private static JsonObject Trigger(TriggerDefinition trigger) => trigger switch
    {
        WebhookTrigger webhook => new JsonObject
        {
            ["type"] = "webhook",
            ["path"] = webhook.Path,
            ["respond"] = webhook.Respond == WebhookResponse.Sync ? "sync" : "async",
            ["secret"] = Template(webhook.Secret),
            ["signature"] = Signature(webhook.Signature),
        }.WithOptional("allow_ips", webhook.AllowIps.Count == 0 ? null : new JsonArray([.. webhook.AllowIps.Select(r => JsonValue.Create(r.ToString()))]))
         .WithOptional("response", webhook.Response is null ? null : Template(webhook.Response)),
        ScheduleTrigger schedule => new JsonObject
        {
            ["type"] = "schedule",
            ["cron"] = schedule.Cron,
            ["timezone"] = schedule.TimeZone,
            ["params"] = schedule.Params.DeepClone(),
        },
        FileWatchTrigger watch => new JsonObject
        {
            ["type"] = "file_watch",
            ["path"] = watch.Path,
            ["pattern"] = watch.Pattern,
            ["events"] = new JsonArray([.. Events(watch.Events).Select(e => JsonValue.Create(e))]),
        },
        _ => new JsonObject { ["type"] = "manual" },
    };

    /// <summary>The scheme as the definition would spell it: presets by name and tolerance, hmac with every field.</summary>
    private static JsonObject? Signature(WebhookSignatureScheme? scheme)
    {
        if (scheme is null)
        {
            return null;
        }

        var json = new JsonObject { ["type"] = WebhookSignatureScheme.Name(scheme.Kind) };
        if (scheme.Kind == WebhookSignatureKind.Hmac)
        {
            json["header"] = scheme.Header;
            json["prefix"] = scheme.Prefix;
            json["algorithm"] = scheme.Algorithm;
            json["encoding"] = scheme.Encoding;
        }
        else if (scheme.Kind is WebhookSignatureKind.Stripe or WebhookSignatureKind.Slack)
        {
            json["tolerance"] = Duration.Format(scheme.Tolerance);
        }

        return json;
    }

    private static IEnumerable<string> Events(FileWatchEvents events)
    {
        if (events.HasFlag(FileWatchEvents.Created))
        {
            yield return "created";
        }

        if (events.HasFlag(FileWatchEvents.Changed))
        {
            yield return "changed";
        }

        if (events.HasFlag(FileWatchEvents.Deleted))
        {
            yield return "deleted";
        }
    }

    private static JsonObject Node(NodeDefinition node, bool withId)
    {
        var with = new JsonObject();
        foreach (var (name, template) in node.With)
        {
            with[name] = Template(template);
        }

        foreach (var (name, template) in node.Templates)
        {
            with[name] = Node(template, withId: false);
        }

        var json = new JsonObject();
        if (withId)
        {
            json["id"] = node.Id;
        }

        json["type"] = node.Type;
        json["with"] = with;
        json["when"] = Template(node.When);
        json["timeout"] = node.Timeout is { } timeout ? Duration.Format(timeout) : null;
        json["retry"] = new JsonObject
        {
            ["max_attempts"] = node.Retry.MaxAttempts,
            ["backoff"] = node.Retry.Backoff == BackoffKind.Fixed ? "fixed" : "exponential",
            ["delay"] = Duration.Format(node.Retry.Delay),
            ["max_delay"] = node.Retry.MaxDelay is { } maxDelay ? Duration.Format(maxDelay) : null,
            ["jitter"] = node.Retry.Jitter,
        };
        json["continue_on_error"] = node.ContinueOnError;
        if (node.Compensate is { } compensate)
        {
            json["compensate"] = Node(compensate, withId: false);
        }

        if (node.Location is { Line: > 0 } location)
        {
            json["location"] = Location(location);
        }

        return json;
    }

    private static JsonObject Location(SourceLocation location) => new()
    {
        ["line"] = location.Line,
        ["column"] = location.Column,
    };

    private static JsonNode? Template(ValueTemplate? template) => template?.ToSyntaxTree();

    private static JsonObject WithOptional(this JsonObject json, string name, JsonNode? value)
    {
        if (value is not null)
        {
            json[name] = value;
        }

        return json;
    }
}
