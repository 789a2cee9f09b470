namespace Stepwise.Hosting.Triggers;

/// <summary>The outcome of checking a webhook's <c>X-Signature</c>.</summary>
internal enum SignatureCheck
{
    Valid,
    Missing,
    Malformed,
    Mismatch,
}
