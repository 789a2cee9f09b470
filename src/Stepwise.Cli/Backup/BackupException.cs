namespace Stepwise.Cli.Backup;

/// <summary>A backup or restore that cannot go on; the message says why and what to do (exit 1).</summary>
internal sealed class BackupException(string message) : Exception(message);
