using System.Text;
using System.Text.Json.Nodes;
using Stepwise.Core.Expressions;
using Stepwise.Core.Scheduling;
using Stepwise.Core.Storage;

namespace Stepwise.Hosting.Triggers;

/// <summary>
/// The HMAC key of a webhook: the UTF-8 bytes of its <c>secret</c>. A literal secret is encoded once. An expression
/// (usually <c>${{ secrets.name }}</c>) is evaluated against the organization's environment from the engine's
/// <see cref="IRunEnvironmentProvider"/> when the server has one, and the key is kept for
/// <see cref="CacheFor"/> so a burst of requests does not ask the secret store each time while a rotated secret
/// still takes effect soon.
/// </summary>
internal sealed class WebhookSecret
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(10);

    private readonly ValueTemplate _template;
    private readonly byte[]? _literal;
    private CachedKey? _cached;

    private WebhookSecret(ValueTemplate template, byte[]? literal)
    {
        _template = template;
        _literal = literal;
    }

    public bool IsLiteral => _literal is not null;

    public static WebhookSecret? From(ValueTemplate? template)
    {
        if (template is null)
        {
            return null;
        }

        var literal = template.IsConstant && template.Raw is JsonValue value
            && value.TryGetValue<string>(out var text) && text.Length > 0
                ? Encoding.UTF8.GetBytes(text)
                : null;
        return new WebhookSecret(template, literal);
    }

    /// <summary>The key, or why there is none (an unknown secret, an empty value): never the secret itself.</summary>
    public async ValueTask<(byte[]? Key, string? Problem)> GetKeyAsync(
        DeployedWorkflow workflow, IRunEnvironmentProvider? environments, TimeProvider time, CancellationToken cancellationToken)
    {
        if (_literal is not null)
        {
            return (_literal, null);
        }

        var now = time.GetUtcNow();
        if (Volatile.Read(ref _cached) is { } hit && hit.Until > now)
        {
            return (hit.Key, null);
        }

        var environment = environments is null
            ? new RunEnvironment()
            : await environments.GetAsync(Placeholder(workflow, now), cancellationToken);
        var result = _template.Evaluate(new EvaluationScope
        {
            Org = new JsonObject { ["id"] = workflow.OrgId, ["name"] = environment.OrgName ?? workflow.OrgId },
            Config = environment.Config,
            Secrets = environment.Secrets,
            Time = time,
        });
        if (result.IsError)
        {
            return (null, environments is null
                ? $"{result.Error} (this server has no secret store: use a literal secret, or configure organization secrets)"
                : result.Error);
        }

        if (result.Value is not JsonValue value || !value.TryGetValue<string>(out var text) || text.Length == 0)
        {
            return (null, "the secret is not a non-empty string");
        }

        var key = Encoding.UTF8.GetBytes(text);
        Volatile.Write(ref _cached, new CachedKey(key, now + CacheFor));
        return (key, null);
    }

    /// <summary>The environment provider is keyed by a run; a webhook asks before any run exists.</summary>
    private static ExecutionRecord Placeholder(DeployedWorkflow workflow, DateTimeOffset now) => new(
        string.Empty, workflow.OrgId, workflow.Name, workflow.Version, ExecutionStatus.Pending,
        workflow.Definition.Priority, [], null, null, null, null, now, null, null);

    private sealed record CachedKey(byte[] Key, DateTimeOffset Until);
}
