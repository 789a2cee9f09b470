using Stepwise.Storage;

namespace Stepwise.Cli.Commands;

/// <summary>
/// Audit entries of the verbs that change the store directly (keys, users): the actor is <c>cli</c> and the
/// operating-system user who ran the command, since no API key or token is involved.
/// </summary>
internal static class CliAudit
{
    public static Task RecordAsync(
        StepwiseStorage storage, string orgId, AuditEntry entry, CancellationToken cancellationToken) =>
        new AuditTrail(() => storage.Audit, TimeProvider.System).RecordAsync(
            entry with { OrgId = orgId, ActorType = AuditTrail.CliActor, ActorId = Environment.UserName },
            cancellationToken);
}
