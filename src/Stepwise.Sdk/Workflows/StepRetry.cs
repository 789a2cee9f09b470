namespace Stepwise.Sdk;

/// <summary>How a failing step is tried again: the same policy YAML nodes declare under <c>retry:</c>.</summary>
/// <param name="MaxAttempts">Attempts in all, including the first (1 = no retry).</param>
/// <param name="Delay">The wait before the second attempt.</param>
/// <param name="Exponential">When true each wait doubles; when false every wait is <paramref name="Delay"/>.</param>
/// <param name="MaxDelay">The longest wait, or null for no limit.</param>
public sealed record StepRetry(int MaxAttempts, TimeSpan Delay, bool Exponential = true, TimeSpan? MaxDelay = null)
{
    /// <summary>No retry: one attempt.</summary>
    public static StepRetry None { get; } = new(1, TimeSpan.Zero);
}
