using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Stepwise.Core.Telemetry;

/// <summary>What agents cost: tokens by workflow, model and kind (input, output), and model turns.</summary>
internal static class AgentMetrics
{
    private static readonly Counter<long> Tokens = StepwiseTelemetry.Meter.CreateCounter<long>(
        "agent_tokens_total", description: "Tokens used by agent steps, by workflow, model and kind (input or output).");

    private static readonly Counter<long> Turns = StepwiseTelemetry.Meter.CreateCounter<long>(
        "agent_turns_total", description: "Model calls made by agent steps, by workflow and model.");

    public static void Turn(string workflow, string model, long inputTokens, long outputTokens)
    {
        Turns.Add(1, new TagList { { "workflow", workflow }, { "model", model } });
        Tokens.Add(inputTokens, new TagList { { "workflow", workflow }, { "model", model }, { "kind", "input" } });
        Tokens.Add(outputTokens, new TagList { { "workflow", workflow }, { "model", model }, { "kind", "output" } });
    }
}
