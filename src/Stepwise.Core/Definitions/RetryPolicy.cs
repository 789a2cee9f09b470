namespace Stepwise.Core.Definitions;

public enum BackoffKind
{
    Exponential,
    Fixed,
}

/// <summary>A node's retry settings. MaxAttempts counts every attempt, the first included.</summary>
public sealed record RetryPolicy(int MaxAttempts, BackoffKind Backoff, TimeSpan Delay, TimeSpan? MaxDelay, bool Jitter)
{
    public static RetryPolicy None { get; } = new(1, BackoffKind.Exponential, TimeSpan.FromSeconds(1), null, false);
}
