using System.Diagnostics;

namespace Stepwise.Server.Tests.OpenApi;

/// <summary>
/// Redocly's linter over web/openapi.json (the snapshot OpenApiSnapshotTests keeps equal to the served document),
/// with the rules of web/redocly-lint.yaml: no errors. @redocly/cli is a devDependency of web/, so the server's build
/// (which runs <c>npm ci</c> in web/) installs it; this test runs it, so <c>dotnet test</c> covers the lint.
/// </summary>
public sealed class RedoclyLintTests
{
    [Fact]
    public async Task OpenApiDocument_PassesRedoclyLint()
    {
        var web = Path.Combine(RepoPaths.Root, "web");
        var redocly = Path.Combine(web, "node_modules", "@redocly", "cli", "bin", "cli.js");
        Assert.True(File.Exists(redocly), $"{redocly} is missing: build Stepwise.Server (it runs `npm ci` in web/) or run `npm ci` in web/.");
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = web,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { redocly, "lint", "openapi.json", "--config", "redocly-lint.yaml", "--format", "stylish" })
        {
            start.ArgumentList.Add(argument);
        }

        // No telemetry or update checks: the test must not reach outside the machine.
        start.Environment["REDOCLY_TELEMETRY"] = "off";
        start.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";
        start.Environment["NO_UPDATE_NOTIFIER"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);

        Assert.True(process.ExitCode == 0, $"redocly lint exited {process.ExitCode}:\n{await stdout}\n{await stderr}");
    }
}
