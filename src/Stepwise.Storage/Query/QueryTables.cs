using Stepwise.Core.Query.Schema;

namespace Stepwise.Storage.Query;

/// <summary>The table of each entity of <see cref="QueryEntities"/>; a test checks every field has a column.</summary>
internal static class QueryTables
{
    private static readonly Dictionary<string, QueryTable> ByEntity = new(StringComparer.Ordinal)
    {
        ["executions"] = new("executions e", "e.org_id", Map(
            ("id", "e.id"), ("workflow", "e.workflow"), ("version", "e.version"), ("status", "e.status"),
            ("priority", "e.priority"), ("error", "e.error"), ("parent_id", "e.parent_execution_id"),
            ("created_at", "e.created_at"), ("started_at", "e.started_at"), ("finished_at", "e.finished_at"),
            ("duration", "(e.finished_at - e.started_at)"), ("params", "e.params"), ("output", "e.output"),
            ("trigger", "e.trigger_info"))),
        ["steps"] = new("steps s JOIN executions e ON e.id = s.execution_id", "e.org_id", Map(
            ("execution_id", "s.execution_id"), ("workflow", "e.workflow"), ("step_id", "s.step_id"), ("node", "s.node_id"),
            ("attempt", "s.attempt"), ("status", "s.status"), ("error", "s.error"), ("started_at", "s.started_at"),
            ("finished_at", "s.finished_at"), ("duration", "(s.finished_at - s.started_at)"), ("input", "s.input"),
            ("output", "s.output"))),
        ["records"] = new("records r", "r.org_id", Map(
            ("id", "r.id"), ("source", "r.source"), ("category", "r.category"), ("status", "r.status"), ("error", "r.error"),
            ("execution_id", "r.execution_id"), ("attempts", "r.attempts"), ("created_at", "r.created_at"),
            ("updated_at", "r.updated_at"), ("payload", "r.payload"), ("output", "r.output"))),
        ["workflows"] = new("workflow_versions w", "w.org_id", Map(
            ("name", "w.name"), ("version", "w.version"), ("content_hash", "w.content_hash"), ("created_at", "w.created_at"))),
        ["audit"] = new("audit_log a", "a.org_id", Map(
            ("id", "a.id"), ("at", "a.at"), ("actor_type", "a.actor_type"), ("actor_id", "a.actor_id"), ("action", "a.action"),
            ("resource_type", "a.resource_type"), ("resource_id", "a.resource_id"), ("outcome", "a.outcome"),
            ("remote_ip", "a.remote_ip"), ("request_id", "a.request_id"), ("detail", "a.detail"))),
    };

    public static QueryTable For(QueryEntity entity) => ByEntity[entity.Name];

    private static Dictionary<string, string> Map(params (string Field, string Sql)[] columns) =>
        columns.ToDictionary(column => column.Field, column => column.Sql, StringComparer.Ordinal);
}
