using System.Text.Json.Nodes;
using Stepwise.Cli.Tests.Support;

namespace Stepwise.Cli.Tests.Operations;

public sealed class ConfigCommandTests
{
    private static Task<CliResult> RunAsync(TempFolder folder, IReadOnlyDictionary<string, string>? environment, params string[] args) =>
        StepwiseCli.RunAsync([.. args, "--data", folder.Path], environment, workingDirectory: folder.Path);

    [Fact]
    public async Task Validate_TlsWithoutCertificateFiles_FailsAsServeDoes()
    {
        using var folder = new TempFolder();
        var tls = new Dictionary<string, string> { ["STEPWISE_TLS"] = "true" };

        var validate = await RunAsync(folder, tls, "config", "validate");
        var serve = await StepwiseCli.RunAsync(["serve", "--data", folder.Path, "--urls", "https://127.0.0.1:0"], tls, workingDirectory: folder.Path);

        Assert.Equal(1, validate.ExitCode);
        Assert.Contains("STEPWISE_TLS_CERT: file '", validate.Stderr, StringComparison.Ordinal);
        Assert.Contains("not found; 'stepwise certs init' creates a development set", validate.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, serve.ExitCode);
        Assert.Contains("STEPWISE_TLS_CERT: file '", serve.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_TlsKeyOfAnotherCertificate_NamesTheMismatch()
    {
        using var folder = new TempFolder();
        var one = Path.Combine(folder.Path, "one");
        var two = Path.Combine(folder.Path, "two");
        Assert.Equal(0, (await StepwiseCli.RunAsync("certs", "init", "--dir", one)).ExitCode);
        Assert.Equal(0, (await StepwiseCli.RunAsync("certs", "init", "--dir", two)).ExitCode);
        var mixed = new Dictionary<string, string>
        {
            ["STEPWISE_TLS"] = "true",
            ["STEPWISE_TLS_CERT"] = Path.Combine(one, "server", "server.crt"),
            ["STEPWISE_TLS_KEY"] = Path.Combine(two, "server", "server.key"),
        };

        var validate = await RunAsync(folder, mixed, "config", "validate");
        var serve = await StepwiseCli.RunAsync(["serve", "--data", folder.Path, "--urls", "https://127.0.0.1:0"], mixed, workingDirectory: folder.Path);

        Assert.Equal(1, validate.ExitCode);
        Assert.Contains("STEPWISE_TLS_KEY: the key '", validate.Stderr, StringComparison.Ordinal);
        Assert.Contains("does not belong to the certificate", validate.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, serve.ExitCode);
        Assert.Contains("does not belong to the certificate", serve.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("unexpected error", serve.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_NoFileNoEnvironment_Ok()
    {
        using var folder = new TempFolder();

        var result = await RunAsync(folder, null, "config", "validate");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.StartsWith("ok: the settings are valid (no stepwise.json", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_FileWithMistakes_NamesEveryOne()
    {
        using var folder = new TempFolder();
        folder.Write("stepwise.json", """
            {
              // comments are allowed
              "LOG_LEVEL": "debug",
              "STEPWISE_MAX_CONCURENT_RUNS": 10,
              "STEPWISE_LEASE": "fast",
              "STEPWISE_KEY": "k",
              "LOG_FORMAT": ["json"],
              "colour": "blue"
            }
            """);

        var result = await RunAsync(folder, new Dictionary<string, string> { ["STEPWISE_SHUTDOWN_GRACE"] = "forever" },
            "config", "validate", "-o", "json");

        Assert.Equal(1, result.ExitCode);
        var json = JsonNode.Parse(result.Stdout)!;
        Assert.False((bool)json["valid"]!);
        Assert.Equal(Path.Combine(folder.Path, "stepwise.json"), (string?)json["file"]);
        var problems = json["problems"]!.AsArray().Select(problem => (string)problem!).ToList();
        Assert.Contains(problems, p => p.EndsWith("unknown setting 'STEPWISE_MAX_CONCURENT_RUNS'; did you mean 'STEPWISE_MAX_CONCURRENT_RUNS'?", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("unknown setting 'colour'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.EndsWith("'STEPWISE_KEY' is read from the environment only; set it there, not in stepwise.json.", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.EndsWith("'LOG_FORMAT' must be a string, number or boolean, not array.", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("STEPWISE_LEASE: 'fast' is not a duration", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("STEPWISE_SHUTDOWN_GRACE: 'forever' is not a duration", StringComparison.Ordinal));
        Assert.Equal(6, problems.Count);
    }

    [Fact]
    public async Task Validate_MalformedFile_SaysWhere()
    {
        using var folder = new TempFolder();
        folder.Write("stepwise.json", "{\n  \"LOG_LEVEL\": \"debug\"\n  \"LOG_FORMAT\": \"text\"\n}");

        var result = await RunAsync(folder, null, "config", "validate");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("stepwise.json: not valid JSON at line 3, column 3", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_UnknownEnvironmentVariable_WarnsWithSuggestionButPasses()
    {
        using var folder = new TempFolder();

        var result = await RunAsync(folder, new Dictionary<string, string> { ["STEPWISE_MAX_BDY"] = "1MB" }, "config", "validate");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains(
            "warning: environment variable STEPWISE_MAX_BDY is not a Stepwise setting; did you mean 'STEPWISE_MAX_BODY'?",
            result.Stderr,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_ConfigVariableNamesMissingFile_Fails()
    {
        using var folder = new TempFolder();

        var result = await RunAsync(folder, new Dictionary<string, string> { ["STEPWISE_CONFIG"] = "nowhere.json" }, "config", "validate");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("STEPWISE_CONFIG: file not found:", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_EnvironmentOverFile_SourcesAndMaskedSecrets()
    {
        using var folder = new TempFolder();
        folder.Write("stepwise.json", """
            {"LOG_LEVEL": "debug", "LOG_FORMAT": "text", "STEPWISE_ADMIN_KEY": "file-admin-key-0123456789abcdef0123"}
            """);
        var environment = new Dictionary<string, string>
        {
            ["LOG_LEVEL"] = "warn",
            ["DATABASE_URL"] = "postgres://ada:hunter2@db.example:5432/stepwise",
            ["STEPWISE_KEY"] = "client-key-secret",
        };

        var result = await StepwiseCli.RunAsync(["config", "show", "-o", "json"], environment, workingDirectory: folder.Path);

        Assert.DoesNotContain("file-admin-key", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("client-key-secret", result.Stdout, StringComparison.Ordinal);
        var settings = JsonNode.Parse(result.Stdout)!["settings"]!.AsArray()
            .ToDictionary(setting => (string)setting!["name"]!, setting => setting!.AsObject());
        Assert.Equal(("warn", "env"), Entry(settings["LOG_LEVEL"]));
        Assert.Equal(("text", "file"), Entry(settings["LOG_FORMAT"]));
        Assert.Equal(("stdout", "default"), Entry(settings["LOG_OUTPUT"]));
        Assert.Equal(("********", "file"), Entry(settings["STEPWISE_ADMIN_KEY"]));
        Assert.Equal(("********", "env"), Entry(settings["STEPWISE_KEY"]));
        Assert.Equal(("postgres://ada:********@db.example:5432/stepwise", "env"), Entry(settings["DATABASE_URL"]));

        // A PostgreSQL URL is a valid setting; showing it does not connect.
        Assert.Equal(0, result.ExitCode);
    }

    [Fact]
    public async Task Serve_BadFile_RefusesToStartNamingEveryProblem()
    {
        using var folder = new TempFolder();
        folder.Write("stepwise.json", """{"STEPWISE_LEASE": "fast", "LOG_LEVL": "debug"}""");

        var result = await RunAsync(folder, null, "serve", "--urls", "http://127.0.0.1:0");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("unknown setting 'LOG_LEVL'; did you mean 'LOG_LEVEL'?", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("STEPWISE_LEASE: 'fast' is not a duration", result.Stderr, StringComparison.Ordinal);
    }

    private static (string?, string?) Entry(JsonObject setting) => ((string?)setting["value"], (string?)setting["source"]);
}
