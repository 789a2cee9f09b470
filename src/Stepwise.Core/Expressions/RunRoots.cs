using System.Text.Json.Nodes;

namespace Stepwise.Core.Expressions;

/// <summary>
/// A run's <c>execution</c> (id, workflow, version, started_at) and <c>org</c> (id, name) roots, built as JSON only
/// when an expression first reads them: most workflows never do, and building both for every run was ~3% of the
/// bytes a webhook run allocates. Built at most once per run and shared by its concurrent steps, which only read them.
/// </summary>
internal sealed class RunRoots(string id, string workflow, int version, DateTimeOffset? startedAt, string orgId, string orgName)
{
    private JsonObject? _execution;
    private JsonObject? _org;

    public string OrgName => orgName;

    public JsonObject Execution => Volatile.Read(ref _execution) ?? Publish(ref _execution, new JsonObject
    {
        ["id"] = id,
        ["workflow"] = workflow,
        ["version"] = version,
        ["started_at"] = startedAt,
    });

    public JsonObject Org => Volatile.Read(ref _org) ?? Publish(ref _org, new JsonObject { ["id"] = orgId, ["name"] = orgName });

    /// <summary>True once <see cref="Execution"/> or <see cref="Org"/> has been read (for tests).</summary>
    internal bool IsBuilt => Volatile.Read(ref _execution) is not null || Volatile.Read(ref _org) is not null;

    // Two steps reading a root at once both build it; one object wins, so every reader sees the same one.
    private static JsonObject Publish(ref JsonObject? field, JsonObject built) =>
        Interlocked.CompareExchange(ref field, built, null) ?? built;
}
