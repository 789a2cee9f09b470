using System.Globalization;
using Stepwise.Core.Storage;

namespace Stepwise.Hosting.Audit;

/// <summary>
/// The one way to write the audit log. From an endpoint: <c>await audit.RecordAsync(new AuditEntry("secret.put",
/// "secret", name), cancellationToken)</c>; the caller, organization, remote address and request id are taken
/// from the current <see cref="IAuditActor"/>. Outside a request (the CLI) the entry names its organization and
/// actor itself. The store is asked for at each entry: services that record (trigger starters) are built before the
/// store opens.
/// </summary>
internal sealed class AuditTrail(Func<IAuditStore> store, TimeProvider time, IAuditActor? actor = null)
{
    public const string CliActor = "cli";

    public Task RecordAsync(AuditEntry entry, CancellationToken cancellationToken = default) =>
        store().AppendAsync(Describe(entry), cancellationToken);

    /// <summary>
    /// The record <see cref="RecordAsync"/> would append, for a writer that appends it itself (a run written whole
    /// carries its start's entry into the same transaction: <see cref="Core.Scheduling.RunOptions.StartAudit"/>).
    /// </summary>
    public AuditRecord Describe(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var caller = actor?.Current;
        var origin = actor?.Origin ?? default;
        var orgId = entry.OrgId ?? caller?.OrgId
            ?? throw new InvalidOperationException($"Audit entry '{entry.Action}' has no organization and no caller.");
        var record = new AuditRecord(
            NewId(),
            orgId,
            time.GetUtcNow(),
            entry.ActorType ?? caller?.ActorType ?? CliActor,
            entry.ActorId ?? caller?.ActorId,
            entry.Action,
            entry.ResourceType,
            entry.ResourceId,
            entry.Outcome,
            caller?.RemoteAddress ?? origin.RemoteAddress,
            caller?.RequestId ?? origin.RequestId,
            entry.Detail);
        return record;
    }

    private static long _sequence;

    /// <summary>
    /// Entries sort by (time, id) and times have millisecond precision: a per-process sequence keeps entries of the
    /// same millisecond in the order they were recorded; the random tail keeps ids of different processes apart.
    /// </summary>
    private static string NewId()
    {
        Span<byte> random = stackalloc byte[6];
        IdRandomness.Fill(random);

        // Written into one buffer: the random tail's hex as a string of its own made two strings per entry.
        Span<char> id = stackalloc char[48];
        "aud_".CopyTo(id);
        var length = 4;
        Interlocked.Increment(ref _sequence).TryFormat(id[length..], out var written, "x12", CultureInfo.InvariantCulture);
        length += written;
        Convert.TryToHexStringLower(random, id[length..], out written);
        return new string(id[..(length + written)]);
    }
}
