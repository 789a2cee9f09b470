namespace Stepwise.Server.Workflows;

/// <summary>The answer to a deploy: the version now current; <see cref="Created"/> is false when nothing changed.</summary>
internal sealed record WorkflowDeployed(
    string Name,
    int Version,
    bool Created,
    string ContentHash,
    DateTimeOffset CreatedAt,
    IReadOnlyList<DiagnosticDto> Warnings);
