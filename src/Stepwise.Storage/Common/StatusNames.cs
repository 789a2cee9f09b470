using Stepwise.Core.Storage;
using Stepwise.Sdk;

namespace Stepwise.Storage.Common;

/// <summary>
/// Reading statuses and levels back from the database (written as <see cref="StatusText"/> spells them, so the
/// tables read well in any SQL client), and the SQL form of the unfinished statuses.
/// </summary>
internal static class StatusNames
{
    /// <summary>
    /// The unfinished statuses as a SQL list. It must stay identical to the predicate of the partial index
    /// <c>ix_executions_resumable</c> so the planner uses that index.
    /// </summary>
    public const string UnfinishedSqlList = "'pending', 'running', 'compensating'";

    /// <summary>The same rule as <see cref="ExecutionRecord.IsFinished"/>, for a status alone.</summary>
    public static bool IsFinished(ExecutionStatus status) => status is ExecutionStatus.Succeeded
        or ExecutionStatus.Failed or ExecutionStatus.Cancelled or ExecutionStatus.TimedOut
        or ExecutionStatus.Compensated;

    public static ExecutionStatus ParseExecutionStatus(string text) =>
        StatusText.TryParse(text, out ExecutionStatus status)
            ? status
            : throw new StorageException($"The database holds an unknown execution status '{text}'.");

    public static StepStatus ParseStepStatus(string text) =>
        StatusText.TryParse(text, out StepStatus status)
            ? status
            : throw new StorageException($"The database holds an unknown step status '{text}'.");

    public static ExecutionLogLevel ParseLogLevel(string text) =>
        StatusText.TryParse(text, out ExecutionLogLevel level)
            ? level
            : throw new StorageException($"The database holds an unknown log level '{text}'.");
}
