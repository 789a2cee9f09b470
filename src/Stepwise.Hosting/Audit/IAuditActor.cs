namespace Stepwise.Hosting.Audit;

/// <summary>
/// Who is acting right now, for the audit log: the server answers from the current request (its caller, remote
/// address and request id); outside a request there is no actor and each entry names its own.
/// </summary>
internal interface IAuditActor
{
    /// <summary>The current actor, or null when nothing is acting on anyone's behalf (a CLI verb, a background job).</summary>
    AuditActor? Current { get; }
}
