namespace Stepwise.Hosting.Audit;

/// <summary>The outcomes an audit entry records.</summary>
internal static class AuditOutcomes
{
    public const string Success = "success";
    public const string Failure = "failure";
}
