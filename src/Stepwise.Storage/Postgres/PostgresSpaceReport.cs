namespace Stepwise.Storage.Postgres;

/// <summary>The space Stepwise's tables take in a PostgreSQL database, and the whole database's size.</summary>
public sealed record PostgresSpaceReport(string Database, long DatabaseBytes, IReadOnlyList<PostgresTableSpace> Tables);
