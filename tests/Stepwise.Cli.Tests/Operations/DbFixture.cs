using Microsoft.Data.Sqlite;
using Stepwise.Cli.Tests.Support;

namespace Stepwise.Cli.Tests.Operations;

/// <summary>A data folder whose stepwise.db the tests fill through the CLI and inspect with plain SQL.</summary>
internal sealed class DbFixture : IDisposable
{
    private readonly TempFolder folder = new();

    public string DataFolder => folder.Path;

    public string DatabasePath => Path.Combine(folder.Path, "stepwise.db");

    public Task<CliResult> RunAsync(params string[] args) => StepwiseCli.RunAsync([.. args, "--data", DataFolder], null);

    /// <summary>An organization and two finished runs with their steps, written by the real CLI.</summary>
    public async Task FillAsync()
    {
        Ok(await RunAsync("orgs", "create", "acme", "--name", "Acme Inc"));
        for (var i = 0; i < 2; i++)
        {
            var run = await StepwiseCli.RunAsync(
                ["run", RepoPaths.Example("greet.yaml"), "--input", $$"""{"name":"Ada","n":{{i}}}""", "--db", DatabasePath], null);
            Ok(run);
        }
    }

    public long Scalar(string sql)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public string Text(string sql)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
    }

    public void Execute(string sql)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public IReadOnlyList<string> Tables()
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name";
        using var reader = command.ExecuteReader();
        var names = new List<string>();
        while (reader.Read())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    public static void Ok(CliResult result) => Assert.True(result.ExitCode == 0, result.ToString());

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        folder.Dispose();
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = DatabasePath,
            Pooling = false,

            // Tests plant damage, such as steps whose run is gone, that enforced foreign keys would cascade away.
            ForeignKeys = false,
        }.ToString());
        connection.Open();
        return connection;
    }
}
