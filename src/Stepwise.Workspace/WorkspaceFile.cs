namespace Stepwise.Workspace;

/// <summary>One .cs file of a workspace: its path relative to the workspace folder ('/' separated) and its text.</summary>
public sealed record WorkspaceFile(string Path, string Text);
