namespace Stepwise.Workspace;

/// <summary>
/// What the API and CLI show about the workspace: the version serving, and the errors of the last build when it
/// failed (the serving version is then the previous good one).
/// </summary>
public sealed record WorkspaceStatus(
    string Folder,
    string? ServingHash,
    DateTimeOffset? ServingSince,
    string? LastBuildHash,
    DateTimeOffset? LastBuildAt,
    IReadOnlyList<WorkspaceDiagnostic> Errors,
    double? CompileMs)
{
    public bool Healthy => Errors.Count == 0;
}
