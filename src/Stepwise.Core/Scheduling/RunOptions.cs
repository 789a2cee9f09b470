using Stepwise.Core.Storage;
using System.Text.Json.Nodes;

namespace Stepwise.Core.Scheduling;

/// <summary>How a new run is started; everything is optional.</summary>
public sealed record RunOptions
{
    /// <summary>The run's id; generated (time-ordered) when null.</summary>
    public string? ExecutionId { get; init; }

    /// <summary>The organization; the engine's default when null.</summary>
    public string? OrgId { get; init; }

    public string? ParentExecutionId { get; init; }

    public string? ParentStepId { get; init; }

    /// <summary>
    /// The caller runs the new run in this process at once with <see cref="WorkflowEngine.RunCreatedAsync"/>: it is
    /// created already claimed by this engine (one write instead of two) and not claimed again when it runs.
    /// </summary>
    public bool RunHere { get; init; }

    /// <summary>
    /// With <see cref="RunHere"/>: the caller waits for the run's end and tells nobody of the run before (a sync
    /// webhook). A run whose steps all compute in memory (transform, log, fail) is then not written at creation: it
    /// is written once, whole (its final state, steps and logs in one record, one commit), when it ends, and its
    /// caller answered after that commit. One still going after <see cref="EngineOptions.WriteWholeWithin"/>, or that
    /// fails a step, is written as it stands and carries on as any other.
    /// </summary>
    public bool WriteWhenFinished { get; init; }

    /// <summary>
    /// The audit entry of this start, for a run the engine writes whole (see <see cref="WorkflowEngine.WritesWhole"/>):
    /// it goes into the audit log in the same transaction as the run's first record, so the caller does not append it
    /// with a write (and a commit) of its own. Given for a run that is not written whole, the start is refused.
    /// </summary>
    public AuditRecord? StartAudit { get; init; }

    /// <summary><c>trigger</c> as expressions see it (type, headers, query); stored with the run, so a resumed run sees it too.</summary>
    public JsonObject? Trigger { get; init; }
}
