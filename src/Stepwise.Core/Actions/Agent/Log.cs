using Microsoft.Extensions.Logging;

namespace Stepwise.Core.Actions.Agent;

internal static partial class Log
{
    [LoggerMessage(EventId = 7320, EventName = "agent.turn", Level = LogLevel.Debug,
        Message = "agent.turn execution_id={ExecutionId} step_id={StepId} turn={Turn} tool_calls={ToolCalls} input_tokens={InputTokens} output_tokens={OutputTokens} replayed={Replayed}")]
    public static partial void Turn(
        ILogger logger, string executionId, string stepId, int turn, int toolCalls, long inputTokens, long outputTokens, bool replayed);

    [LoggerMessage(EventId = 7321, EventName = "agent.tool_failed", Level = LogLevel.Information,
        Message = "agent.tool_failed execution_id={ExecutionId} step_id={StepId} tool={Tool}: {Error}")]
    public static partial void ToolFailed(ILogger logger, string executionId, string stepId, string tool, string error);

    [LoggerMessage(EventId = 7322, EventName = "agent.failed", Level = LogLevel.Information,
        Message = "agent.failed execution_id={ExecutionId} step_id={StepId} code={Code}: {Error}")]
    public static partial void Failed(ILogger logger, string executionId, string stepId, string code, string error);
}
