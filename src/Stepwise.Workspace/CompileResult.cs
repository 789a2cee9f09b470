namespace Stepwise.Workspace;

/// <summary>A compiled workspace (image and discoveries) or its errors.</summary>
internal sealed record CompileResult(
    WorkspaceSources Sources,
    IReadOnlyList<WorkspaceDiagnostic> Errors,
    byte[]? Image,
    byte[]? Symbols,
    WorkspaceDiscovery? Discovery,
    TimeSpan Elapsed)
{
    public bool Succeeded => Errors.Count == 0;

    public static CompileResult Failed(WorkspaceSources sources, IReadOnlyList<WorkspaceDiagnostic> errors, TimeSpan elapsed) =>
        new(sources, errors, null, null, null, elapsed);
}
