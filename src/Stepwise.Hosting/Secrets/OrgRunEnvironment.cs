using System.Collections.Concurrent;
using Stepwise.Core.Scheduling;
using Stepwise.Core.Storage;

namespace Stepwise.Hosting.Secrets;

/// <summary>
/// The engine's and the webhooks' view of an organization: its name, configuration and secrets (still sealed: a
/// secret is decrypted only when an expression reads it). Read from the store when a run starts or resumes and kept
/// for <see cref="CacheFor"/>, since reading it costs about a millisecond and a busy organization starts many runs a
/// second; this server's own changes apply at once, another server's within that time.
/// </summary>
internal sealed class OrgRunEnvironment(StoreHost store, SecretCipher cipher, TimeProvider time, ILoggerFactory loggers)
    : IRunEnvironmentProvider
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(2);

    private readonly ILogger _logger = loggers.CreateLogger("Stepwise.Server.Secrets");
    private readonly ConcurrentDictionary<string, Snapshot> _cache = new(StringComparer.Ordinal);

    public async ValueTask<RunEnvironment> GetAsync(ExecutionRecord execution, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(execution);
        var now = time.GetUtcNow();
        if (!_cache.TryGetValue(execution.OrgId, out var snapshot) || snapshot.Until <= now)
        {
            var storage = store.Storage;
            var organization = await storage.Organizations.GetAsync(execution.OrgId, cancellationToken);
            var config = await storage.Config.ListAsync(execution.OrgId, cancellationToken);
            var secrets = await storage.Secrets.ListAsync(execution.OrgId, cancellationToken);
            // The lookups only read what they were made from (a secret is opened on each read), so the runs started
            // while the snapshot is kept share one environment rather than each indexing the lists again.
            snapshot = new Snapshot(
                new RunEnvironment(organization?.Name, new ConfigLookup(config), new SecretLookup(secrets, cipher, _logger)),
                now + CacheFor);
            _cache[execution.OrgId] = snapshot;
        }

        return snapshot.Environment;
    }

    /// <summary>Drops what is kept of the organization after a change of its secrets or configuration.</summary>
    public void Forget(string orgId) => _cache.TryRemove(orgId, out _);

    private sealed record Snapshot(RunEnvironment Environment, DateTimeOffset Until);
}
