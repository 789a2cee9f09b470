using System.Data.Common;
using Stepwise.Core.Storage;

namespace Stepwise.Storage.Common;

/// <summary>
/// Appends one audit entry: through <see cref="AuditStore"/> on its own, or with a run written whole, in the same
/// transaction as the run's row (<see cref="ExecutionWritten.StartAudit"/>).
/// </summary>
internal static class InsertAuditStatement
{
    public const string Sql = $"""
        INSERT INTO audit_log ({IdentityReaders.AuditColumns})
        VALUES (@id, @org_id, @at, @actor_type, @actor_id, @action, @resource_type, @resource_id, @outcome,
                @remote_ip, @request_id, @detail)
        """;

    private static readonly string[] ParameterNames =
    [
        "@id", "@org_id", "@at", "@actor_type", "@actor_id", "@action", "@resource_type", "@resource_id", "@outcome",
        "@remote_ip", "@request_id", "@detail",
    ];

    public static IReadOnlyList<string> Parameters => ParameterNames;

    /// <summary>The checks every appended entry passes, wherever it is written from.</summary>
    public static void Validate(AuditRecord entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        Require.Text(entry.Id, "audit entry id");
        Require.Text(entry.OrgId, "organization of an audit entry");
        Require.Text(entry.Action, "action of an audit entry");
        Require.Text(entry.ActorType, "actor type of an audit entry");
        Require.Text(entry.Outcome, "outcome of an audit entry");
    }

    /// <summary>Sets the values of <paramref name="entry"/> on a command of <see cref="Sql"/> (parameters in declared order).</summary>
    public static void Bind(DbCommand command, AuditRecord entry)
    {
        var values = Values(entry);
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i];
        }
    }

    /// <summary>Sets the values of <paramref name="entry"/> on a prepared write of <see cref="Sql"/>.</summary>
    public static void Bind(PreparedWrite write, AuditRecord entry)
    {
        var values = Values(entry);
        for (var i = 0; i < values.Length; i++)
        {
            write.Set(i, values[i]);
        }
    }

    /// <summary>The values of <paramref name="entry"/>, in the order of <see cref="Parameters"/>.</summary>
    private static object[] Values(AuditRecord entry) =>
    [
        entry.Id,
        entry.OrgId,
        DbValues.ToUnixMs(entry.At),
        entry.ActorType,
        DbValues.TextOrNull(entry.ActorId),
        entry.Action,
        DbValues.TextOrNull(entry.ResourceType),
        DbValues.TextOrNull(entry.ResourceId),
        entry.Outcome,
        DbValues.TextOrNull(entry.RemoteIp),
        DbValues.TextOrNull(entry.RequestId),
        DbValues.TextOrNull(entry.Detail),
    ];
}
