namespace Stepwise.Storage.Tests.Postgres;

/// <summary>How the tests decide that PostgreSQL is here, is missing (skip with the reason) or must be (CI); needs no server.</summary>
public sealed class PostgresAvailabilityTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void Find_SearchFolderHoldsInitdbAndPgCtl_ReturnsThatFolder()
    {
        var empty = Directory.CreateDirectory(folder.File("empty")).FullName;
        var bin = Directory.CreateDirectory(folder.File("bin")).FullName;
        File.WriteAllText(Path.Combine(bin, "initdb"), string.Empty);
        File.WriteAllText(Path.Combine(bin, "pg_ctl"), string.Empty);

        var found = PostgresBinaries.Find(Environment(
            (PostgresBinaries.SearchVariable, empty + Path.PathSeparator + bin)));

        Assert.Equal(bin, found);
    }

    [Fact]
    public void Find_OnlyPgCtlOnPath_ReturnsNull()
    {
        File.WriteAllText(folder.File("pg_ctl"), string.Empty);

        Assert.Null(PostgresBinaries.Find(Environment((PostgresBinaries.SearchVariable, folder.Path))));
    }

    [Fact]
    public void SearchFolders_NoOverride_PathFirstThenDebianFolders()
    {
        var folders = PostgresBinaries.SearchFolders(Environment(("PATH", "/opt/pg/bin:/usr/bin"))).ToList();

        Assert.Equal(["/opt/pg/bin", "/usr/bin"], folders.Take(2));
        Assert.All(folders.Skip(2), f => Assert.StartsWith("/usr/lib/postgresql/", f, StringComparison.Ordinal));
    }

    [Fact]
    public void SkipReason_NoServerAnywhere_IsTheVisibleReason()
    {
        var reason = PostgresAvailability.SkipReason(environment: Environment((PostgresBinaries.SearchVariable, folder.Path)));

        Assert.Equal("PostgreSQL not found: install postgresql-15 or set STEPWISE_TEST_POSTGRES", reason);
    }

    [Fact]
    public void SkipReason_NoServerOnCi_IsNullSoTheTestsRunAndFail()
    {
        var environment = Environment((PostgresBinaries.SearchVariable, folder.Path), ("CI", "true"));

        Assert.Null(PostgresAvailability.SkipReason(environment: environment));
        Assert.Null(PostgresAvailability.SkipReason(localServer: true, environment: environment));
    }

    [Fact]
    public void SkipReason_NamedServerWithoutBinaries_RunsUnlessTheTestsNeedTheirOwnServer()
    {
        var environment = Environment(
            (PostgresBinaries.SearchVariable, folder.Path), ("STEPWISE_TEST_POSTGRES", "postgres://u@db.example/x"));

        Assert.Null(PostgresAvailability.SkipReason(environment: environment));
        Assert.StartsWith("PostgreSQL not found: install postgresql-15", PostgresAvailability.SkipReason(localServer: true, environment: environment));
    }

    [Fact]
    public async Task StartAsync_NoBinariesOnCi_FailsWithTheReasonAndWhereItLooked()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            PostgresLauncher.StartAsync(Environment((PostgresBinaries.SearchVariable, folder.Path), ("CI", "true"))));

        Assert.StartsWith(PostgresAvailability.NotFound, error.Message, StringComparison.Ordinal);
        Assert.Contains(folder.Path, error.Message, StringComparison.Ordinal);
    }

    private static Func<string, string?> Environment(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;
}
