using System.Text.Json.Nodes;
using Stepwise.Core.Storage;
using Stepwise.Sdk;

namespace Stepwise.Core.Scheduling;

/// <summary>
/// The execution log an action writes to: each line becomes a journal entry, tagged with its step. Lines past the
/// run's log budget are dropped and <see cref="Exceeded"/> tells the engine to fail the step.
/// </summary>
internal sealed class ExecutionLogWriter(RunJournal journal, string executionId, string stepId, TimeProvider time, RunLogBudget budget)
    : IExecutionLog
{
    public bool Exceeded { get; private set; }

    public void Write(ExecutionLogLevel level, string message, JsonNode? data = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!budget.TrySpend(message.Length + (data is null ? 0 : PayloadMeter.Measure(data))))
        {
            Exceeded = true;
            return;
        }

        journal.Append(new LogWritten(new ExecutionLogRecord(executionId, stepId, level, message, data, time.GetUtcNow())));
    }
}
