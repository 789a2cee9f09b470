using System.Threading.RateLimiting;

namespace Stepwise.Server.RateLimiting;

/// <summary>A lease of <see cref="ApiRateLimiter"/>: granted or refused, with the decision the refusal reports.</summary>
internal sealed class ApiRateLimitLease : RateLimitLease
{
    public static readonly ApiRateLimitLease Unlimited = new(null, RateLimitScope.Key, TimeSpan.Zero);

    public ApiRateLimitLease(RateLimitDecision? decision, RateLimitScope scope, TimeSpan period)
    {
        Decision = decision;
        Scope = scope;
        Period = period;
    }

    /// <summary>Null when the request is not limited at all (health, metrics, or its limit is off).</summary>
    public RateLimitDecision? Decision { get; }

    public RateLimitScope Scope { get; }

    /// <summary>The length of the window of the budget spent.</summary>
    public TimeSpan Period { get; }

    public override bool IsAcquired => Decision is not { Allowed: false };

    public override IEnumerable<string> MetadataNames =>
        IsAcquired ? [] : [MetadataName.RetryAfter.Name];

    public override bool TryGetMetadata(string metadataName, out object? metadata)
    {
        if (!IsAcquired && metadataName == MetadataName.RetryAfter.Name && Decision is { } decision)
        {
            metadata = TimeSpan.FromSeconds(decision.ResetSeconds);
            return true;
        }

        metadata = null;
        return false;
    }
}
