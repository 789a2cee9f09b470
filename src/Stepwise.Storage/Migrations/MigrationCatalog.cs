namespace Stepwise.Storage.Migrations;

/// <summary>Every migration of the Stepwise schema, in version order.</summary>
internal static class MigrationCatalog
{
    public static IReadOnlyList<Migration> All { get; } =
        [M0001InitialSchema.Migration, M0002Tenancy.Migration, M0003ScheduleState.Migration, M0004ExecutionTrigger.Migration,
        M0005Identity.Migration, M0006OrgSecrets.Migration, M0007KeyFingerprints.Migration, M0008Records.Migration,
        M0010Signals.Migration, M0011WorkspaceVersions.Migration,
        M0012AscendingTimeIndexes.Migration, M0013AuditKeyedByOrgAndTime.Migration];
}
