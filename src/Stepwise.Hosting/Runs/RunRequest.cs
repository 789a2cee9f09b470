using System.Text.Json.Nodes;
using Stepwise.Core.Scheduling;

namespace Stepwise.Hosting.Runs;

/// <summary>
/// What a caller of <see cref="RunStarter"/> asks for: a run of <see cref="Workflow"/> (the version it is pinned to)
/// in <see cref="OrgId"/> with <see cref="Params"/>, and <see cref="Trigger"/> as the run's expressions see it
/// (<c>{"type": "api"}</c>, <c>{"type": "schedule", "trigger_id": ...}</c>). Callers differ only in these, in
/// whether they wait for the outcome, in who the audit log names, and in what invalid params mean to them.
/// </summary>
internal sealed record RunRequest(string OrgId, ResolvedWorkflow Workflow, JsonObject? Params, JsonObject Trigger)
{
    /// <summary>
    /// How long the caller waits for the run's final state (the API's <c>?wait=</c>, a sync webhook); null when it
    /// is answered as soon as the run is created. A wait that ends first returns the run unfinished.
    /// </summary>
    public TimeSpan? Wait { get; init; }

    /// <summary>
    /// Invalid params record a run that is already failed with the reason, for callers nobody is there to answer
    /// (schedules, file watches). False: no run is created and the errors come back (the API, webhooks: 422).
    /// </summary>
    public bool RecordInvalidParams { get; init; }

    /// <summary>
    /// <see cref="Params"/> is a whole event (a webhook's body): its fields that are not declared params are left
    /// out, not refused.
    /// </summary>
    public bool UndeclaredParamsIgnored { get; init; }

    /// <summary>
    /// Who started the run for the audit log when no authenticated caller did (<c>webhook</c>, <c>schedule</c>,
    /// <c>file_watch</c>); null takes the caller of the current request (<see cref="IAuditActor"/>).
    /// </summary>
    public string? ActorType { get; init; }

    /// <summary>The starting trigger's id for the audit log (a schedule's or file watch's id).</summary>
    public string? ActorId { get; init; }

    /// <summary>
    /// The run's id when the caller must know it before the run exists (a record claims its run first, so two nodes
    /// never both start one); null for a new id.
    /// </summary>
    public string? ExecutionId { get; init; }

    /// <summary>
    /// With <see cref="Wait"/>: the caller tells nobody of the run before it ends (a sync webhook answers only with its
    /// outcome), so a run of in-memory steps may be written once, whole, when it ends
    /// (<see cref="RunOptions.WriteWhenFinished"/>): one record and one commit instead of a row written at creation
    /// and updated as it goes.
    /// </summary>
    public bool WriteWhenFinished { get; init; }

    /// <summary>What the audit entry adds after the workflow and version, such as <c>for record rec_1</c>.</summary>
    public string? AuditNote { get; init; }
}
