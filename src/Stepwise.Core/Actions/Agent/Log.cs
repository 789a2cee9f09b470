using Microsoft.Extensions.Logging;
using Stepwise.Core.Telemetry;

namespace Stepwise.Core.Actions.Agent;

internal static partial class Log
{
    [LoggerMessage(EventId = LogEventIds.Agents.AgentTurn, EventName = "agent.turn", Level = LogLevel.Debug,
        Message = "agent.turn execution_id={ExecutionId} step_id={StepId} turn={Turn} tool_calls={ToolCalls} input_tokens={InputTokens} output_tokens={OutputTokens} replayed={Replayed}")]
    public static partial void Turn(
        ILogger logger, string executionId, string stepId, int turn, int toolCalls, long inputTokens, long outputTokens, bool replayed);

    [LoggerMessage(EventId = LogEventIds.Agents.AgentToolFailed, EventName = "agent.tool_failed", Level = LogLevel.Information,
        Message = "agent.tool_failed execution_id={ExecutionId} step_id={StepId} tool={Tool}: {Error}")]
    public static partial void ToolFailed(ILogger logger, string executionId, string stepId, string tool, string error);

    [LoggerMessage(EventId = LogEventIds.Agents.AgentFailed, EventName = "agent.failed", Level = LogLevel.Information,
        Message = "agent.failed execution_id={ExecutionId} step_id={StepId} code={Code}: {Error}")]
    public static partial void Failed(ILogger logger, string executionId, string stepId, string code, string error);
}
