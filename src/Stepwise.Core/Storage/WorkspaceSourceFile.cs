namespace Stepwise.Core.Storage;

/// <summary>One .cs file of a stored workspace version: its path relative to the workspace (with '/') and its text.</summary>
public sealed record WorkspaceSourceFile(string Path, string Text);
