using Stepwise.Core.Expressions;
using Stepwise.Core.Scheduling;

namespace Stepwise.Hosting.Configuration;

/// <summary>
/// Reads the budgets of one run (docs/operations.md, "Run budgets"): expression value size, operations and time,
/// foreach width, steps per run, log volume, and the step payload limit. Core gets them as options, never reads
/// the environment.
/// </summary>
public static class RunBudgetSettings
{
    public const string MaxPayloadKey = "STEPWISE_MAX_PAYLOAD";
    public const string MaxValueKey = "STEPWISE_MAX_VALUE";
    public const string MaxOperationsKey = "STEPWISE_MAX_OPERATIONS";
    public const string MaxEvalTimeKey = "STEPWISE_MAX_EVAL_TIME";
    public const string MaxForeachKey = "STEPWISE_MAX_FOREACH";
    public const string MaxStepsKey = "STEPWISE_MAX_STEPS";
    public const string MaxRunLogKey = "STEPWISE_MAX_RUN_LOG";

    /// <summary>Every key this class reads, for hosts that pass the environment on key by key.</summary>
    public static IReadOnlyList<string> Keys { get; } =
        [MaxPayloadKey, MaxValueKey, MaxOperationsKey, MaxEvalTimeKey, MaxForeachKey, MaxStepsKey, MaxRunLogKey];

    public static RunBudgets Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var defaults = RunBudgets.Default;
        return new RunBudgets
        {
            Expressions = new EvaluationLimits
            {
                MaxValueBytes = SettingValues.Size(configuration, MaxValueKey, EvaluationLimits.DefaultMaxValueBytes),
                MaxOperations = SettingValues.Int(
                    configuration, MaxOperationsKey, (int)EvaluationLimits.DefaultMaxOperations, 1000, int.MaxValue),
                MaxDuration = SettingValues.Duration(
                    configuration, MaxEvalTimeKey, EvaluationLimits.DefaultMaxDuration, TimeSpan.FromMilliseconds(10), TimeSpan.FromHours(1)),
            },
            MaxForeachItems = SettingValues.Int(configuration, MaxForeachKey, defaults.MaxForeachItems, 1, 10_000_000),
            MaxSteps = SettingValues.Int(configuration, MaxStepsKey, defaults.MaxSteps, 1, 100_000_000),
            MaxLogBytes = SettingValues.Size(configuration, MaxRunLogKey, defaults.MaxLogBytes),
        };
    }

    /// <summary>STEPWISE_MAX_PAYLOAD: the largest step input or output.</summary>
    public static long ReadMaxPayload(IConfiguration configuration)
    {
        if (SettingValues.Text(configuration, MaxPayloadKey) is not { } text)
        {
            return EngineOptions.DefaultMaxPayloadBytes;
        }

        // The same reading as 'stepwise run' (decimals such as 1.5MB allowed), so a value means one thing everywhere.
        return EngineOptions.TryParseByteSize(text, out var bytes)
            ? bytes
            : throw new ServerConfigurationException(
                $"{MaxPayloadKey}: '{text}' is not a size: use a number of bytes or a size such as 512KB or 4MB.");
    }
}
