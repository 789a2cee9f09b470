namespace Stepwise.Hosting.Audit;

/// <summary>
/// Who is acting right now, for the audit log: the server answers from the current request (its caller, remote
/// address and request id); outside a request there is no actor and each entry names its own.
/// </summary>
internal interface IAuditActor
{
    /// <summary>The current actor, or null when nothing is acting on anyone's behalf (a CLI verb, a background job).</summary>
    AuditActor? Current { get; }

    /// <summary>
    /// Where the current request came from (remote address, request id), signed in or not: an anonymous request (a
    /// webhook, a failed login) is audited with its origin too. Both null outside a request.
    /// </summary>
    (string? RemoteAddress, string? RequestId) Origin { get; }
}
