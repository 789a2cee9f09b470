using System.Text.Json.Nodes;
using Stepwise.Core.Storage;
using Stepwise.Sdk;

namespace Stepwise.Core.Scheduling;

/// <summary>The execution log an action writes to: each line becomes a journal entry, tagged with its step.</summary>
internal sealed class ExecutionLogWriter(RunJournal journal, string executionId, string stepId, TimeProvider time)
    : IExecutionLog
{
    public void Write(ExecutionLogLevel level, string message, JsonNode? data = null) =>
        journal.Append(new LogWritten(new ExecutionLogRecord(executionId, stepId, level, message, data, time.GetUtcNow())));
}
