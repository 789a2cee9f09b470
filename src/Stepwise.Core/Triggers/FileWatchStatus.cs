using Stepwise.Core.Definitions;

namespace Stepwise.Core.Triggers;

/// <summary>A registered file watch; <see cref="FolderPresent"/> is false while its folder is missing.</summary>
public sealed record FileWatchStatus(FileWatchKey Key, string Folder, string Pattern, FileWatchEvents Events, bool FolderPresent);
