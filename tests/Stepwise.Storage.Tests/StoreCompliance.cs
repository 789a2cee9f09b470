using Stepwise.Core.Tests.Support;

namespace Stepwise.Storage.Tests;

/// <summary>
/// The behaviour every storage dialect must have, run against a real database. A dialect's test class subclasses
/// this and says how to open its store; every test here then runs against it (as Wolverine's MessageStoreCompliance).
/// Each open of the same test instance must reach the same database, so durability across reopen can be tested.
/// Its tests are <see cref="PostgresFactAttribute"/>s: they run on every dialect, and the PostgreSQL subclass, marked
/// <see cref="RequiresPostgresAttribute"/>, has them skipped with the reason when no PostgreSQL is found.
/// </summary>
public abstract partial class StoreCompliance : IAsyncLifetime
{
    protected static readonly DateTimeOffset Start = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly List<StepwiseStorage> opened = [];

    protected FakeTimeProvider Time { get; } = new(Start);

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual async Task DisposeAsync()
    {
        foreach (var storage in opened)
        {
            await storage.DisposeAsync();
        }
    }

    /// <summary>Opens the store of this test (the same database each time), migrated to the latest schema.</summary>
    protected abstract Task<StepwiseStorage> OpenStoreCoreAsync(TimeProvider time, StorageOptions options);

    /// <summary>Runs a statement on a connection of its own, past the stores (to test what the schema refuses).</summary>
    protected abstract Task ExecuteRawAsync(string sql);

    protected async Task<StepwiseStorage> OpenStoreAsync(StorageOptions? options = null)
    {
        var storage = await OpenStoreCoreAsync(Time, options ?? new StorageOptions());
        opened.Add(storage);
        return storage;
    }
}
