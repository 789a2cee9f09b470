namespace Stepwise.Storage.Migrations;

/// <summary>
/// One migration as <c>stepwise db history</c> shows it. <see cref="AppliedAt"/> is null while it is pending;
/// <see cref="IsKnown"/> is false for a migration a newer build applied, which this build cannot revert.
/// </summary>
public sealed record MigrationHistoryEntry(int Version, string Description, DateTimeOffset? AppliedAt, bool IsKnown);
