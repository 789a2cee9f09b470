namespace Stepwise.Hosting.Audit;

/// <summary>
/// What an endpoint tells the audit trail: the action (see <see cref="AuditActions"/>), the resource it touched and
/// the outcome. Who, which organization, when and from where come from the request; set <see cref="OrgId"/>,
/// <see cref="ActorType"/> and <see cref="ActorId"/> only where there is no authenticated caller (a login, the CLI).
/// <see cref="Detail"/> is a short note (a failure reason, a role); never a secret, password or token.
/// </summary>
internal sealed record AuditEntry(
    string Action,
    string? ResourceType = null,
    string? ResourceId = null,
    string Outcome = AuditOutcomes.Success,
    string? Detail = null)
{
    public string? OrgId { get; init; }

    public string? ActorType { get; init; }

    public string? ActorId { get; init; }
}
