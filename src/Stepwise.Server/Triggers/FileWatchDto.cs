namespace Stepwise.Server.Triggers;

/// <summary>A file-watch trigger as it runs: the folder it watches (resolved), its pattern and events, and whether the folder exists now.</summary>
internal sealed record FileWatchDto(
    string Workflow,
    string Folder,
    string Pattern,
    IReadOnlyList<string> Events,
    bool FolderPresent);
