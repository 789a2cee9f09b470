namespace Stepwise.Cli.Backup;

/// <summary>One file of a backup, as its manifest lists it: the name inside the archive, its size and SHA-256.</summary>
internal sealed record BackupEntry(string Name, long Bytes, string Sha256);
