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

    public static ReadOnlySpan<string> Parameters => ParameterNames;

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

    /// <summary>A command of <see cref="Sql"/> with its parameters, for a writer connection to keep prepared.</summary>
    public static DbCommand Create(DbConnection connection, DbTransaction? transaction)
    {
        var command = connection.CreateCommand(Sql);
        command.Transaction = transaction;
        foreach (var name in ParameterNames)
        {
            command.AddParameter(name);
        }

        return command;
    }

    /// <summary>Sets the values of <paramref name="entry"/> on a command of <see cref="Sql"/> (parameters in declared order).</summary>
    public static void Bind(DbCommand command, AuditRecord entry)
    {
        var values = command.Parameters;
        values[0].Value = entry.Id;
        values[1].Value = entry.OrgId;
        values[2].Value = DbValues.ToUnixMs(entry.At);
        values[3].Value = entry.ActorType;
        values[4].Value = DbValues.TextOrNull(entry.ActorId);
        values[5].Value = entry.Action;
        values[6].Value = DbValues.TextOrNull(entry.ResourceType);
        values[7].Value = DbValues.TextOrNull(entry.ResourceId);
        values[8].Value = entry.Outcome;
        values[9].Value = DbValues.TextOrNull(entry.RemoteIp);
        values[10].Value = DbValues.TextOrNull(entry.RequestId);
        values[11].Value = DbValues.TextOrNull(entry.Detail);
    }
}
