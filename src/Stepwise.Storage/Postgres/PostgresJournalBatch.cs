using Npgsql;
using Stepwise.Core.Storage;
using Stepwise.Storage.Common;

namespace Stepwise.Storage.Postgres;

/// <summary>
/// The journal entries of one writer batch sent as one <see cref="NpgsqlBatch"/>: one round trip to PostgreSQL for
/// the lot instead of one per entry. Same statements and values as the one-by-one path.
/// </summary>
internal sealed class PostgresJournalBatch : IJournalBatchWriter
{
    public async ValueTask WriteAsync(
        WriterSession session, IReadOnlyList<JournalEntry> entries, CancellationToken cancellationToken)
    {
        var connection = (NpgsqlConnection)session.Connection;
        var batch = new NpgsqlBatch(connection, (NpgsqlTransaction)session.Transaction);
        await using (batch.ConfigureAwait(false))
        {
            await WriteAsync(batch, entries, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async ValueTask WriteAsync(
        NpgsqlBatch batch, IReadOnlyList<JournalEntry> entries, CancellationToken cancellationToken)
    {
        foreach (var entry in entries)
        {
            var (sql, values) = entry switch
            {
                StepWritten written => (UpsertStepStatement.Sql, UpsertStepStatement.Values(written.Step)),
                ExecutionStatusWritten changed => (UpdateStatusStatement.Sql, UpdateStatusStatement.Values(changed)),
                LogWritten line => (InsertLogStatement.Sql, InsertLogStatement.Values(line.Line)),
                _ => throw new ArgumentException(
                    $"The journal cannot write entries of type {entry.GetType().Name}.", nameof(entries)),
            };
            var command = new NpgsqlBatchCommand(sql);
            foreach (var (name, value) in values)
            {
                command.Parameters.Add(new NpgsqlParameter(name, value));
            }

            batch.BatchCommands.Add(command);
        }

        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        for (var index = 0; index < entries.Count; index++)
        {
            if (entries[index] is ExecutionStatusWritten change && batch.BatchCommands[index].RecordsAffected == 0)
            {
                throw UpdateStatusStatement.Missing(change);
            }
        }
    }
}
