namespace Stepwise.Cli.Backup;

/// <summary>A backup written: its manifest, where, and how many bytes.</summary>
internal sealed record BackupResult(BackupManifest Manifest, string File, long Bytes);
