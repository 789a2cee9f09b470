using System.Globalization;
using Stepwise.Core.Actions;

namespace Stepwise.Core.Expressions.Evaluation;

/// <summary>The messages of the evaluation budget: each names its limit and the setting that raises it.</summary>
internal static class ExpressionBudget
{
    public const string Cancelled = "expression evaluation was cancelled";

    public static string ValueTooLarge(long limit) =>
        $"expression result exceeds {PayloadSize.Format(limit)} (STEPWISE_MAX_VALUE)";

    public static string TooMuchText(long limit) =>
        $"expression creates more than {PayloadSize.Format(limit)} of text (4 x STEPWISE_MAX_VALUE)";

    public static string TooManyOperations(long limit) =>
        string.Create(CultureInfo.InvariantCulture, $"expression exceeds {limit} operations (STEPWISE_MAX_OPERATIONS)");

    public static string TooSlow(TimeSpan limit) =>
        $"expression evaluation exceeds {Definitions.Duration.Format(limit)} (STEPWISE_MAX_EVAL_TIME)";

    public static string TooManyItems(string function, long limit) =>
        string.Create(CultureInfo.InvariantCulture, $"{function}: the expression creates too many items (limit {limit})");

    public static string TooManySecretTexts(int limit) =>
        string.Create(CultureInfo.InvariantCulture, $"the run derives more than {limit} distinct values from its secrets");
}
