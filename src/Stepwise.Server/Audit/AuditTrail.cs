using System.Security.Cryptography;
using Stepwise.Core.Storage;
using Stepwise.Server.Auth;

namespace Stepwise.Server.Audit;

/// <summary>
/// The one way to write the audit log. From an endpoint: <c>await audit.RecordAsync(new AuditEntry("secret.put",
/// "secret", name), cancellationToken)</c>; the caller, organization, remote address and request id are taken
/// from the current request. Outside a request (the CLI) the entry names its organization and actor itself. The
/// store is asked for at each entry: services that record (trigger starters) are built before the store opens.
/// </summary>
internal sealed class AuditTrail(Func<IAuditStore> store, TimeProvider time, IHttpContextAccessor? http = null)
{
    public const string CliActor = "cli";

    public Task RecordAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var context = http?.HttpContext;
        var caller = context?.Features.Get<Caller>();
        var orgId = entry.OrgId ?? caller?.OrgId
            ?? throw new InvalidOperationException($"Audit entry '{entry.Action}' has no organization and no caller.");
        var record = new AuditRecord(
            NewId(),
            orgId,
            time.GetUtcNow(),
            entry.ActorType ?? caller?.ActorType ?? CliActor,
            entry.ActorId ?? caller?.Id,
            entry.Action,
            entry.ResourceType,
            entry.ResourceId,
            entry.Outcome,
            context?.Connection.RemoteIpAddress?.ToString(),
            context?.TraceIdentifier,
            entry.Detail);
        return store().AppendAsync(record, cancellationToken);
    }

    private static long sequence;

    /// <summary>
    /// Entries sort by (time, id) and times have millisecond precision: a per-process sequence keeps entries of the
    /// same millisecond in the order they were recorded; the random tail keeps ids of different processes apart.
    /// </summary>
    private static string NewId() =>
        $"aud_{Interlocked.Increment(ref sequence):x12}{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}";
}
