namespace Stepwise.Core.Query.Schema;

/// <summary>Every entity of the query language and its fields (docs/query.md lists the same).</summary>
internal static class QueryEntities
{
    public static QueryEntity Executions { get; } = new("executions", "execution", "created_at",
    [
        new("id", QueryFieldType.String, "the run's id"),
        new("workflow", QueryFieldType.String, "the workflow's name"),
        new("version", QueryFieldType.Int, "the workflow version the run is pinned to"),
        new("status", QueryFieldType.String, "pending, running, succeeded, failed, cancelled, timed_out, compensating, compensated"),
        new("priority", QueryFieldType.Int, "the queue priority"),
        new("error", QueryFieldType.String, "the failure text of a failed run"),
        new("parent_id", QueryFieldType.String, "the parent run of a child workflow"),
        new("created_at", QueryFieldType.Time, "when the run was created"),
        new("started_at", QueryFieldType.Time, "when it first started"),
        new("finished_at", QueryFieldType.Time, "when it finished"),
        new("duration", QueryFieldType.Duration, "finished_at - started_at (null while running)"),
        new("params", QueryFieldType.Json, "the run's input"),
        new("output", QueryFieldType.Json, "the run's output"),
        new("trigger", QueryFieldType.Json, "what started it: type, and e.g. record_id for a record"),
    ]);

    public static QueryEntity Steps { get; } = new("steps", "step", "started_at",
    [
        new("execution_id", QueryFieldType.String, "the run the step belongs to"),
        new("workflow", QueryFieldType.String, "the run's workflow"),
        new("step_id", QueryFieldType.String, "the step's id (a node id, or node[index] in a loop)"),
        new("node", QueryFieldType.String, "the workflow node"),
        new("attempt", QueryFieldType.Int, "the attempt number, from 1"),
        new("status", QueryFieldType.String, "pending, running, succeeded, failed, skipped, retry_scheduled, cancelled"),
        new("error", QueryFieldType.String, "the failure text"),
        new("started_at", QueryFieldType.Time, "when the attempt started"),
        new("finished_at", QueryFieldType.Time, "when it finished"),
        new("duration", QueryFieldType.Duration, "finished_at - started_at"),
        new("input", QueryFieldType.Json, "the step's resolved input"),
        new("output", QueryFieldType.Json, "the step's output"),
    ]);

    public static QueryEntity Records { get; } = new("records", "record", "created_at",
    [
        new("id", QueryFieldType.String, "the record's id"),
        new("source", QueryFieldType.String, "where it came from"),
        new("category", QueryFieldType.String, "its category (chooses the processing workflow)"),
        new("status", QueryFieldType.String, "pending, processing, processed, failed"),
        new("error", QueryFieldType.String, "the run's error text of a failed record"),
        new("execution_id", QueryFieldType.String, "the latest run that processed it"),
        new("attempts", QueryFieldType.Int, "how many runs have processed it"),
        new("created_at", QueryFieldType.Time, "when it arrived"),
        new("updated_at", QueryFieldType.Time, "when it last changed"),
        new("payload", QueryFieldType.Json, "the record's data (the run's input)"),
        new("output", QueryFieldType.Json, "the output of the run that processed it"),
    ]);

    public static QueryEntity Workflows { get; } = new("workflows", "workflow", "created_at",
    [
        new("name", QueryFieldType.String, "the workflow's name"),
        new("version", QueryFieldType.Int, "the version number"),
        new("content_hash", QueryFieldType.String, "the hash of the version's source"),
        new("created_at", QueryFieldType.Time, "when the version was deployed"),
    ]);

    public static QueryEntity Audit { get; } = new("audit", "audit", "at",
    [
        new("id", QueryFieldType.String, "the entry's id"),
        new("at", QueryFieldType.Time, "when it happened"),
        new("actor_type", QueryFieldType.String, "key, user or system"),
        new("actor_id", QueryFieldType.String, "the key id or user"),
        new("action", QueryFieldType.String, "what was done, such as execution.start"),
        new("resource_type", QueryFieldType.String, "the kind of resource"),
        new("resource_id", QueryFieldType.String, "the resource"),
        new("outcome", QueryFieldType.String, "success or failure"),
        new("remote_ip", QueryFieldType.String, "the caller's address"),
        new("request_id", QueryFieldType.String, "the request's id"),
        new("detail", QueryFieldType.String, "what else the entry says"),
    ]);

    public static IReadOnlyList<QueryEntity> All { get; } = [Executions, Steps, Records, Workflows, Audit];

    /// <summary>The entity a query names, plural or singular, in any case; null when there is none.</summary>
    public static QueryEntity? Find(string name) =>
        All.FirstOrDefault(entity => string.Equals(entity.Name, name, StringComparison.OrdinalIgnoreCase)
            || string.Equals(entity.Singular, name, StringComparison.OrdinalIgnoreCase));
}
