namespace Stepwise.Storage.Tests.Postgres;

/// <summary>Every test class that needs PostgreSQL shares one server (its classes run one after another).</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "PostgreSQL";
}
