namespace Stepwise.Storage.Postgres;

/// <summary>
/// One table of <see cref="PostgresSpaceReport"/>: its live rows (PostgreSQL's statistics, an estimate), the bytes
/// of its heap and TOAST, of its indexes, and in all (<c>pg_total_relation_size</c>).
/// </summary>
public sealed record PostgresTableSpace(string Name, long Rows, long TableBytes, long IndexBytes, long TotalBytes);
