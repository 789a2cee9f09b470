namespace Stepwise.Cli.Backup;

/// <summary>A backup written: its manifest, where, how many bytes, and what the operator should know about it.</summary>
internal sealed record BackupResult(BackupManifest Manifest, string File, long Bytes, IReadOnlyList<string> Warnings);
