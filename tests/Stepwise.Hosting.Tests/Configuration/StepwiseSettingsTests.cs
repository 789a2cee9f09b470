using Microsoft.Extensions.Configuration;
using Stepwise.Storage;

namespace Stepwise.Hosting.Tests.Configuration;

/// <summary>The one resolver: flags over environment over stepwise.json over defaults, with one meaning per setting.</summary>
public sealed class StepwiseSettingsTests : IDisposable
{
    private readonly TempFolder folder = new("stepwise-hosting-tests-");

    [Fact]
    public void Bug_13_data_flag_with_database_url_uses_postgres()
    {
        var options = Resolve(
            environment: new() { ["DATABASE_URL"] = "postgres://stepwise:secret@db.internal:5432/stepwise" },
            flags: new() { [ServerSettings.DataKey] = Data("node-1") });

        Assert.Equal(DatabaseKind.Postgres, options.Database.Kind);
        Assert.Equal(Data("node-1"), options.DataDirectory);
    }

    [Fact]
    public void Resolve_DataFlagAndDataVariable_MeanTheSameThing()
    {
        var fromFlag = Resolve(environment: [], flags: new() { [ServerSettings.DataKey] = Data("node") });
        var fromVariable = Resolve(environment: new() { [ServerSettings.DataKey] = Data("node") }, flags: []);

        Assert.Equal(fromFlag.DataDirectory, fromVariable.DataDirectory);
        Assert.Equal(fromFlag.Database.ConnectionString, fromVariable.Database.ConnectionString);
        Assert.Equal(Path.Combine(Data("node"), DatabaseLocation.FileName), fromFlag.Database.ConnectionString);
    }

    [Fact]
    public void Resolve_FlagOverEnvironmentOverFileOverDefault_TakesTheStrongest()
    {
        File.WriteAllText(
            Path.Combine(folder.Path, "stepwise.json"),
            $$"""{"STEPWISE_DATA": "{{Data("from-file")}}", "STEPWISE_LEASE": "20s", "STEPWISE_MAX_CONCURRENT_RUNS": "7"}""");
        var config = Path.Combine(folder.Path, "stepwise.json");

        var options = Resolve(
            environment: new() { ["STEPWISE_CONFIG"] = config, [ServerSettings.DataKey] = Data("from-env"), [ServerSettings.LeaseKey] = "40s" },
            flags: new() { [ServerSettings.DataKey] = Data("from-flag") });

        Assert.Equal(Data("from-flag"), options.DataDirectory);
        Assert.Equal(TimeSpan.FromSeconds(40), options.LeaseDuration);
        Assert.Equal(7, options.MaxConcurrentRuns);
        Assert.Equal(ServerOptions.DefaultDbMaxConnections, options.DbMaxConnections);
    }

    [Fact]
    public void Resolve_NoSettings_UsesTheDataFolderBesideTheWorkingFolder()
    {
        var options = Resolve(environment: [], flags: []);

        Assert.Equal("./data", options.DataDirectory);
        Assert.Equal(DatabaseKind.Sqlite, options.Database.Kind);
        Assert.Equal(Path.Combine("./data", DatabaseLocation.FileName), options.Database.ConnectionString);
    }

    [Fact]
    public void Resolve_BadValues_NameEverySetting()
    {
        var exception = Assert.Throws<ServerConfigurationException>(() => Resolve(
            environment: new() { [ServerSettings.LeaseKey] = "fast", [ServerSettings.MaxConcurrentRunsKey] = "0" }, flags: []));

        Assert.Contains("STEPWISE_LEASE: 'fast'", exception.Message, StringComparison.Ordinal);
        Assert.Contains("STEPWISE_MAX_CONCURRENT_RUNS: '0'", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_RunBudgets_ReachTheEngineOptions()
    {
        var options = Resolve(
            environment: new()
            {
                [RunBudgetSettings.MaxValueKey] = "2MB",
                [RunBudgetSettings.MaxOperationsKey] = "5000",
                [RunBudgetSettings.MaxEvalTimeKey] = "3s",
                [RunBudgetSettings.MaxForeachKey] = "50",
                [RunBudgetSettings.MaxStepsKey] = "500",
                [RunBudgetSettings.MaxRunLogKey] = "64KB",
                [RunBudgetSettings.MaxPayloadKey] = "1MB",
            },
            flags: []);

        Assert.Equal(2L * 1024 * 1024, options.Budgets.Expressions.MaxValueBytes);
        Assert.Equal(5000, options.Budgets.Expressions.MaxOperations);
        Assert.Equal(TimeSpan.FromSeconds(3), options.Budgets.Expressions.MaxDuration);
        Assert.Equal(50, options.Budgets.MaxForeachItems);
        Assert.Equal(500, options.Budgets.MaxSteps);
        Assert.Equal(64 * 1024, options.Budgets.MaxLogBytes);
        Assert.Equal(1024 * 1024, options.MaxPayloadBytes);
    }

    [Fact]
    public void Resolve_NoBudgetSettings_UsesTheDocumentedDefaults()
    {
        var options = Resolve(environment: [], flags: []);

        Assert.Equal(16L * 1024 * 1024, options.Budgets.Expressions.MaxValueBytes);
        Assert.Equal(10_000_000, options.Budgets.Expressions.MaxOperations);
        Assert.Equal(TimeSpan.FromSeconds(10), options.Budgets.Expressions.MaxDuration);
        Assert.Equal(100_000, options.Budgets.MaxForeachItems);
        Assert.Equal(250_000, options.Budgets.MaxSteps);
        Assert.Equal(16L * 1024 * 1024, options.Budgets.MaxLogBytes);
    }

    [Fact]
    public void Resolve_BadBudgets_NameEverySetting()
    {
        var exception = Assert.Throws<ServerConfigurationException>(() => Resolve(
            environment: new() { [RunBudgetSettings.MaxValueKey] = "huge", [RunBudgetSettings.MaxEvalTimeKey] = "0s" }, flags: []));

        Assert.Contains("STEPWISE_MAX_VALUE: 'huge'", exception.Message, StringComparison.Ordinal);
        Assert.Contains("STEPWISE_MAX_EVAL_TIME: '0s'", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EgressSettings_Unset_DeniesMetadataOnly()
    {
        var policy = EgressSettings.Read(new ConfigurationBuilder().Build());

        Assert.Same(Stepwise.Core.Actions.Egress.EgressPolicy.Default, policy);
        Assert.Equal("metadata", policy.Refusal(System.Net.IPAddress.Parse("169.254.169.254")));
        Assert.Null(policy.Refusal(System.Net.IPAddress.Loopback));
    }

    [Fact]
    public void EgressSettings_DenyLoopbackAndPrivate_KeepsMetadataAndAddsThem()
    {
        var policy = EgressSettings.Read(new ConfigurationBuilder()
            .AddInMemoryCollection([KeyValuePair.Create(EgressSettings.DenyKey, (string?)"loopback, private, 203.0.113.0/24")])
            .Build());

        Assert.Equal(["metadata", "loopback", "private", "203.0.113.0/24"], policy.Deny.Select(rule => rule.Name));
    }

    [Fact]
    public void EgressSettings_Allow_OnlyThoseRanges()
    {
        var policy = EgressSettings.Read(new ConfigurationBuilder()
            .AddInMemoryCollection([KeyValuePair.Create(EgressSettings.AllowKey, (string?)"10.0.0.0/8")])
            .Build());

        Assert.Null(policy.Refusal(System.Net.IPAddress.Parse("10.1.1.1")));
        Assert.Equal("allowlist", policy.Refusal(System.Net.IPAddress.Parse("8.8.8.8")));
    }

    [Fact]
    public void Resolve_BadEgressRule_NamesTheSetting()
    {
        var exception = Assert.Throws<ServerConfigurationException>(() => Resolve(
            environment: new() { [EgressSettings.DenyKey] = "loopback,intranet" }, flags: []));

        Assert.Contains("STEPWISE_EGRESS_DENY: 'intranet' is not metadata, loopback, private", exception.Message, StringComparison.Ordinal);
    }

    public void Dispose() => folder.Dispose();

    private string Data(string name) => Path.Combine(folder.Path, name);

    /// <summary>The resolver over a given environment instead of this process's, as the server's builder supplies one.</summary>
    private static ServerOptions Resolve(Dictionary<string, string?> environment, Dictionary<string, string?> flags)
    {
        var configuration = new ConfigurationManager();
        configuration.AddInMemoryCollection(environment);
        StepwiseSettings.Apply(configuration, flags);
        return ServerSettings.Read(configuration);
    }
}
