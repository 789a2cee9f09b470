namespace Stepwise.Server.Triggers;

/// <summary>The outcome of checking a webhook request's signature.</summary>
internal enum SignatureCheck
{
    Valid,
    Missing,
    Malformed,
    Mismatch,

    /// <summary>The signed timestamp (Stripe, Slack) is outside the tolerance: a replayed or much delayed request.</summary>
    Expired,
}
