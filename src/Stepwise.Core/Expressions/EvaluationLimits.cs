using System.ComponentModel.DataAnnotations;

namespace Stepwise.Core.Expressions;

/// <summary>
/// The budget of one expression evaluation: how large a value it may build, how many items and operations it may
/// spend and how long it may run. Hosts fill it from settings (STEPWISE_MAX_VALUE, STEPWISE_MAX_OPERATIONS,
/// STEPWISE_MAX_EVAL_TIME); exceeding one fails the evaluation with a message naming the limit and its setting.
/// </summary>
public sealed class EvaluationLimits
{
    public const long DefaultMaxValueBytes = 16 * 1024 * 1024;
    public const long DefaultMaxItems = 1_000_000;
    public const long DefaultMaxOperations = 10_000_000;
    public static readonly TimeSpan DefaultMaxDuration = TimeSpan.FromSeconds(10);

    /// <summary>The limits every evaluation gets unless its host says otherwise.</summary>
    public static EvaluationLimits Default { get; } = new();

    /// <summary>The largest text one evaluation may build (UTF-8 bytes): STEPWISE_MAX_VALUE.</summary>
    [Range(1, long.MaxValue)]
    public long MaxValueBytes { get; init; } = DefaultMaxValueBytes;

    /// <summary>Array items one evaluation may create (range, map, split...).</summary>
    [Range(1, long.MaxValue)]
    public long MaxItems { get; init; } = DefaultMaxItems;

    /// <summary>Function calls, lambda calls and items one evaluation may spend: STEPWISE_MAX_OPERATIONS.</summary>
    [Range(1, long.MaxValue)]
    public long MaxOperations { get; init; } = DefaultMaxOperations;

    /// <summary>How long one evaluation may run: STEPWISE_MAX_EVAL_TIME.</summary>
    public TimeSpan MaxDuration { get; init; } = DefaultMaxDuration;

    /// <summary>All the text one evaluation may create, intermediate values included: four results' worth.</summary>
    public long MaxTextCreated => MaxValueBytes > long.MaxValue / 4 ? long.MaxValue : MaxValueBytes * 4;
}
