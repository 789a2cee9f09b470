using Microsoft.Extensions.Logging;
using Stepwise.Core.Telemetry;

namespace Stepwise.Workspace;

/// <summary>Log events of the workspace (EventIds 7200-7299).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = LogEventIds.Workspace.WorkspaceBuilt, EventName = "workspace.built", Level = LogLevel.Information,
        Message = "Workspace {Folder} version {Hash} built in {ElapsedMs} ms: {Workflows} workflows, {Providers} data providers, {Actions} actions")]
    public static partial void Built(ILogger logger, string folder, string hash, long elapsedMs, int workflows, int providers, int actions);

    [LoggerMessage(EventId = LogEventIds.Workspace.WorkspaceBuildFailed, EventName = "workspace.build_failed", Level = LogLevel.Error,
        Message = "Workspace {Folder} does not build ({Count} errors); the previous version {Serving} keeps serving:\n{Errors}")]
    public static partial void BuildFailed(ILogger logger, string folder, int count, string serving, string errors);

    [LoggerMessage(EventId = LogEventIds.Workspace.WorkspaceUnreadable, EventName = "workspace.unreadable", Level = LogLevel.Error,
        Message = "Workspace {Folder} cannot be read: {Error}")]
    public static partial void Unreadable(ILogger logger, string folder, string error);

    [LoggerMessage(EventId = LogEventIds.Workspace.WorkspaceDeployFailed, EventName = "workspace.deploy_failed", Level = LogLevel.Error,
        Message = "Workspace version {Hash} could not be published to the workflow directory")]
    public static partial void PublishFailed(ILogger logger, Exception exception, string hash);

    [LoggerMessage(EventId = LogEventIds.Workspace.WorkspaceWatching, EventName = "workspace.watching", Level = LogLevel.Information,
        Message = "Watching workspace {Folder} for changes")]
    public static partial void Watching(ILogger logger, string folder);

    [LoggerMessage(EventId = LogEventIds.Workspace.WorkspacePublished, EventName = "workspace.published", Level = LogLevel.Information,
        Message = "Workspace version {Hash} published: {Deployed} workflows deployed, {Removed} removed, in {Orgs} organizations")]
    public static partial void Published(ILogger logger, string hash, int deployed, int removed, int orgs);

    [LoggerMessage(EventId = LogEventIds.Workspace.WorkspacePluginFailed, EventName = "workspace.plugin_failed", Level = LogLevel.Error,
        Message = "Plug-in {Path} could not be loaded: {Error}")]
    public static partial void PluginFailed(ILogger logger, string path, string error);

    [LoggerMessage(EventId = LogEventIds.Workspace.WorkspacePluginLoaded, EventName = "workspace.plugin_loaded", Level = LogLevel.Information,
        Message = "Plug-in {Path} loaded: actions {Actions}")]
    public static partial void PluginLoaded(ILogger logger, string path, string actions);

    [LoggerMessage(EventId = LogEventIds.Workspace.WorkspaceRestored, EventName = "workspace.restored", Level = LogLevel.Information,
        Message = "Workspace version {Hash} restored from the store for runs pinned to it, compiled in {ElapsedMs} ms: {Workflows} workflows")]
    public static partial void Restored(ILogger logger, string hash, long elapsedMs, int workflows);

    [LoggerMessage(EventId = LogEventIds.Workspace.WorkspaceRestoreFailed, EventName = "workspace.restore_failed", Level = LogLevel.Error,
        Message = "Workspace version {Hash} cannot be restored from the store: {Error}")]
    public static partial void RestoreFailed(ILogger logger, string hash, string error);
}
