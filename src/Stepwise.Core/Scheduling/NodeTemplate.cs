using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Stepwise.Core.Definitions;
using Stepwise.Core.Expressions;

namespace Stepwise.Core.Scheduling;

/// <summary>
/// Turns a template input (foreach's <c>node:</c>, written as <c>{type, with, when, timeout, retry,
/// continue_on_error}</c>) into a node definition owned by the node that runs it. Parsed once per definition version:
/// the result is cached on the template, which is immutable.
/// </summary>
internal static class NodeTemplate
{
    private static readonly ConditionalWeakTable<ValueTemplate, Parsed> Cache = new();

    public static NodeDefinition? Get(ValueTemplate template, string ownerId, out string? error)
    {
        if (!Cache.TryGetValue(template, out var parsed))
        {
            parsed = Parse(template.Raw, ownerId);
            Cache.AddOrUpdate(template, parsed);
        }

        error = parsed.Error;
        return parsed.Node;
    }

    private static Parsed Parse(JsonNode? raw, string ownerId)
    {
        if (raw is not JsonObject obj)
        {
            return new(null, "the node template must be an object with a 'type'");
        }

        if (obj["type"] is not JsonValue typeValue || !typeValue.TryGetValue<string>(out var type))
        {
            return new(null, "the node template has no 'type'");
        }

        var errors = new List<string>();
        var with = new Dictionary<string, ValueTemplate>(StringComparer.Ordinal);
        if (obj["with"] is JsonObject inputs)
        {
            foreach (var (name, value) in inputs)
            {
                with[name] = Compile(value, $"with.{name}", errors);
            }
        }

        var when = obj.TryGetPropertyValue("when", out var whenRaw) ? Compile(whenRaw, "when", errors) : null;
        var timeout = ReadDuration(obj, "timeout", errors);
        var retry = obj["retry"] is JsonObject retryRaw ? ReadRetry(retryRaw, errors) : RetryPolicy.None;
        var continueOnError = obj["continue_on_error"]?.GetValueKind() == JsonValueKind.True;
        if (errors.Count > 0)
        {
            return new(null, "the node template is invalid: " + string.Join("; ", errors));
        }

        return new(new NodeDefinition(ownerId, type, with, when, timeout, retry, continueOnError, null, null), null);
    }

    private static ValueTemplate Compile(JsonNode? raw, string where, List<string> errors) =>
        ValueTemplate.Compile(raw?.DeepClone(), (_, error) => errors.Add($"{where}: {error.Message}"));

    private static TimeSpan? ReadDuration(JsonObject obj, string name, List<string> errors)
    {
        if (obj[name] is not { } value)
        {
            return null;
        }

        if (value is JsonValue text && text.TryGetValue<string>(out var s) && Duration.TryParse(s, out var duration))
        {
            return duration;
        }

        errors.Add($"{name} must be {Duration.Expected}");
        return null;
    }

    private static RetryPolicy ReadRetry(JsonObject retry, List<string> errors)
    {
        var maxAttempts = retry["max_attempts"] is JsonValue max && max.TryGetValue<int>(out var m) ? m : 1;
        if (maxAttempts < 1)
        {
            errors.Add("retry.max_attempts must be at least 1");
        }

        var backoff = retry["backoff"] is JsonValue b && b.TryGetValue<string>(out var kind) && kind == "fixed"
            ? BackoffKind.Fixed
            : BackoffKind.Exponential;
        return new RetryPolicy(
            maxAttempts,
            backoff,
            ReadDuration(retry, "delay", errors) ?? TimeSpan.FromSeconds(1),
            ReadDuration(retry, "max_delay", errors),
            retry["jitter"]?.GetValueKind() == JsonValueKind.True);
    }

    private sealed record Parsed(NodeDefinition? Node, string? Error);
}
