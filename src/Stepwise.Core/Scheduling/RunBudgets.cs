using System.ComponentModel.DataAnnotations;
using Stepwise.Core.Expressions;

namespace Stepwise.Core.Scheduling;

/// <summary>
/// What one run may spend besides its steps' own payload limit: its expressions' budget, the width of a foreach,
/// the number of steps and the volume of its log. Exceeding one fails the step that did, with a message naming the
/// limit and its setting; the server and the other runs never notice.
/// </summary>
public sealed class RunBudgets
{
    public const int DefaultMaxForeachItems = 100_000;
    public const int DefaultMaxSteps = 250_000;
    public const long DefaultMaxLogBytes = 16 * 1024 * 1024;

    /// <summary>The budgets every engine gets unless its host says otherwise.</summary>
    public static RunBudgets Default { get; } = new();

    /// <summary>The budget of each expression evaluation.</summary>
    public EvaluationLimits Expressions { get; init; } = EvaluationLimits.Default;

    /// <summary>Items one foreach may have: STEPWISE_MAX_FOREACH.</summary>
    [Range(1, int.MaxValue)]
    public int MaxForeachItems { get; init; } = DefaultMaxForeachItems;

    /// <summary>Steps one run may start, foreach items and retries' attempts counted once per step: STEPWISE_MAX_STEPS.</summary>
    [Range(1, int.MaxValue)]
    public int MaxSteps { get; init; } = DefaultMaxSteps;

    /// <summary>Bytes of log lines (message and data) one run may write: STEPWISE_MAX_RUN_LOG.</summary>
    [Range(1, long.MaxValue)]
    public long MaxLogBytes { get; init; } = DefaultMaxLogBytes;

    public static string TooManySteps(int limit) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"run exceeds {limit} steps (STEPWISE_MAX_STEPS)");

    public static string ForeachTooWide(int count, int limit) =>
        string.Create(
            System.Globalization.CultureInfo.InvariantCulture,
            $"input 'items' has {count} items, over the limit of {limit} (STEPWISE_MAX_FOREACH)");

    public static string LogTooLarge(long limit) =>
        $"run log exceeds {Actions.PayloadSize.Format(limit)} (STEPWISE_MAX_RUN_LOG)";
}
