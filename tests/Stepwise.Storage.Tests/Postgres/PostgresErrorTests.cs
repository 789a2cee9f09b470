using Stepwise.Core.Storage;
using Stepwise.Storage.Common;
using Stepwise.Storage.Postgres;

namespace Stepwise.Storage.Tests.Postgres;

/// <summary>The one mapping of PostgreSQL's SQLSTATE codes; needs no server.</summary>
public sealed class PostgresErrorTests
{
    [Theory]
    [InlineData("23505", nameof(StorageErrorKind.UniqueViolation))]
    [InlineData("23503", nameof(StorageErrorKind.ForeignKeyViolation))]
    [InlineData("23502", nameof(StorageErrorKind.OtherConstraintViolation))]
    [InlineData("23514", nameof(StorageErrorKind.OtherConstraintViolation))]
    [InlineData("40001", nameof(StorageErrorKind.Contention))]
    [InlineData("40P01", nameof(StorageErrorKind.Contention))]
    [InlineData("55P03", nameof(StorageErrorKind.Busy))]
    [InlineData("53300", nameof(StorageErrorKind.Unavailable))]
    [InlineData("57P01", nameof(StorageErrorKind.Unavailable))]
    [InlineData("57P03", nameof(StorageErrorKind.Unavailable))]
    [InlineData("08006", nameof(StorageErrorKind.Unavailable))]
    [InlineData("42P01", nameof(StorageErrorKind.Other))]
    [InlineData("53100", nameof(StorageErrorKind.Fault))]
    [InlineData("25006", nameof(StorageErrorKind.Fault))]
    [InlineData("XX001", nameof(StorageErrorKind.Fault))]
    [InlineData("XX002", nameof(StorageErrorKind.Fault))]
    [InlineData("58030", nameof(StorageErrorKind.Fault))]
    public void ClassifySqlState_Code_GivesItsKind(string sqlState, string kind) =>
        Assert.Equal(Enum.Parse<StorageErrorKind>(kind), PostgresDialect.ClassifySqlState(sqlState));

    [Theory]
    [InlineData(nameof(StorageErrorKind.Busy), typeof(StorageBusyException), "locked by another writer")]
    [InlineData(nameof(StorageErrorKind.Contention), typeof(StorageBusyException), "concurrent transaction")]
    [InlineData(nameof(StorageErrorKind.Unavailable), typeof(StorageBusyException), "could not be reached")]
    [InlineData(nameof(StorageErrorKind.UniqueViolation), typeof(StorageConflictException), "same key")]
    [InlineData(nameof(StorageErrorKind.ForeignKeyViolation), typeof(StorageNotFoundException), "does not exist")]
    [InlineData(nameof(StorageErrorKind.Fault), typeof(StorageFaultException), "the store cannot keep it: engine says no")]
    public void Translate_Kind_GivesItsStorageException(string kind, Type type, string expected)
    {
        var error = StorageErrors.Translate(new FixedKindDialect(Enum.Parse<StorageErrorKind>(kind)), new InvalidDataException("engine says no"), "Doing 'x'");

        Assert.IsType(type, error);
        Assert.StartsWith("Doing 'x' failed: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    private sealed class FixedKindDialect(StorageErrorKind kind) : SqlDialect
    {
        public override string Name => "fixed";

        public override string Description => "fixed";

        public override string ClaimResumableSql => "";

        public override ValueTask<System.Data.Common.DbConnection> OpenWriterConnectionAsync(CancellationToken cancellationToken) =>
            throw new InvalidOperationException("No connections in this test.");

        public override ValueTask<System.Data.Common.DbConnection> OpenReaderConnectionAsync(CancellationToken cancellationToken) =>
            throw new InvalidOperationException("No connections in this test.");

        public override ValueTask<System.Data.Common.DbTransaction> BeginWriteTransactionAsync(
            System.Data.Common.DbConnection connection, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("No transactions in this test.");

        public override StorageErrorKind Classify(Exception exception) => kind;

        public override bool IsStatementCancelled(Exception exception) => false;

        public override Stepwise.Storage.Query.JsonPathSql QueryJson => Stepwise.Storage.Query.SqliteJsonPathSql.Instance;

        public override ValueTask<IAsyncDisposable> GuardQueryAsync(
            System.Data.Common.DbConnection connection, System.Data.Common.DbCommand command, TimeSpan timeout,
            CancellationToken deadline, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("No queries in this test.");

        public override void ReleaseResources()
        {
        }
    }
}
