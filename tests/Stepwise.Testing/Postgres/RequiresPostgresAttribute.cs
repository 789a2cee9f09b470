namespace Stepwise.Testing;

/// <summary>
/// Marks a test class whose tests need PostgreSQL: its <see cref="PostgresFactAttribute"/> and
/// <see cref="PostgresTheoryAttribute"/> tests are skipped with <see cref="PostgresAvailability.NotFound"/> when no
/// server is found (failed on CI). A subclass of a shared suite (the store compliance suite) marks only the
/// PostgreSQL subclass, so the same tests still run on SQLite.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class RequiresPostgresAttribute : Attribute
{
    /// <summary>The tests start and stop a server of their own: a server named by STEPWISE_TEST_POSTGRES is not enough.</summary>
    public bool LocalServer { get; set; }
}
