namespace Stepwise.Hosting.Audit;

/// <summary>The actor of audit entries recorded while it acts: its organization, kind (user, key) and id, and where it came from.</summary>
internal sealed record AuditActor(string OrgId, string ActorType, string ActorId, string? RemoteAddress, string? RequestId);
