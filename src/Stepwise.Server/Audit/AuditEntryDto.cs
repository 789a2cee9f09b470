namespace Stepwise.Server.Audit;

/// <summary>An audit entry on the wire.</summary>
internal sealed record AuditEntryDto(
    string Id,
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
