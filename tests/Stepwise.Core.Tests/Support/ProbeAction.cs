using System.Text.Json.Nodes;
using Stepwise.Sdk;

namespace Stepwise.Core.Tests.Support;

/// <summary>
/// A test action: waits <c>duration</c> on the run's clock, fails its first <c>fail_times</c> attempts, and counts how
/// many attempts run at once, so tests can see parallelism, retries and timeouts from the outside.
/// </summary>
internal sealed class ProbeAction : IAction
{
    private readonly Lock _gate = new();
    private int _current;

    public string Name => "probe";

    public IReadOnlyList<ActionInput> Inputs { get; } =
    [
        new("duration", DataType.String),
        new("fail_times", DataType.Int),
        new("value", DataType.Any),
    ];

    public bool AcceptsAdditionalInputs => false;

    public int MaxConcurrent { get; private set; }

    public int Calls { get; private set; }

    public List<string> Started { get; } = [];

    /// <summary>The inputs of the latest attempt, as the action received them.</summary>
    public JsonObject? LastInputs { get; private set; }

    public DataType GetOutputType(ActionTypeContext context) => DataType.ObjectOf(
        new Dictionary<string, DataType> { ["attempt"] = DataType.Int, ["value"] = DataType.Any }, isOpen: true);

    public async ValueTask<ActionResult> ExecuteAsync(ActionContext context, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            Calls++;
            Started.Add(context.StepId);
            LastInputs = (JsonObject)context.Inputs.DeepClone();
            MaxConcurrent = Math.Max(MaxConcurrent, ++_current);
        }

        try
        {
            if (context.Inputs["duration"]?.GetValue<string>() is { } text
                && Core.Definitions.Duration.TryParse(text, out var duration))
            {
                await Task.Delay(duration, context.Time, cancellationToken);
            }

            var failTimes = context.Inputs["fail_times"]?.GetValue<long>() ?? 0;
            return context.Attempt <= failTimes
                ? ActionResult.Failure($"probe failed attempt {context.Attempt}", "PROBE")
                : ActionResult.Success(new JsonObject
                {
                    ["attempt"] = context.Attempt,
                    ["value"] = context.Inputs["value"]?.DeepClone(),
                });
        }
        finally
        {
            lock (_gate)
            {
                _current--;
            }
        }
    }
}
