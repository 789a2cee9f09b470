namespace Stepwise.Core.Storage;

/// <summary>
/// One entry of the append-only audit log: who (<see cref="ActorType"/> <c>user</c>, <c>key</c> or <c>cli</c>, and
/// its id) did what (<see cref="Action"/>, such as <c>auth.login</c>) to which resource, in which organization, when,
/// from where and with what outcome (<c>success</c>, <c>failure</c> or <c>denied</c>). <see cref="Detail"/> is a
/// short note such as a failure reason; never a secret.
/// </summary>
public sealed record AuditRecord(
    string Id,
    string OrgId,
    DateTimeOffset At,
    string ActorType,
    string? ActorId,
    string Action,
    string? ResourceType,
    string? ResourceId,
    string Outcome,
    string? RemoteIp,
    string? RequestId,
    string? Detail);
