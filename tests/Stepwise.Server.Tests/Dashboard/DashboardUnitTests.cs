using System.Diagnostics;

namespace Stepwise.Server.Tests.Dashboard;

/// <summary>
/// The dashboard's own unit tests (vitest, web/src/**/*.test.ts: the SSE parser, the graph model, the run form's
/// logic, routes, token refresh), run here so `dotnet test` covers them; the build already installed web/'s packages.
/// </summary>
public sealed class DashboardUnitTests
{
    [Fact]
    public async Task Vitest_DashboardUnitTests_Pass()
    {
        var web = Path.Combine(RepoPaths.Root, "web");
        var start = new ProcessStartInfo(OperatingSystem.IsWindows() ? "npm.cmd" : "npm")
        {
            WorkingDirectory = web,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "test", "--silent", "--", "--reporter=dot" })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["NO_COLOR"] = "1";
        start.Environment["CI"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"npm test failed ({process.ExitCode}):\n{await stdout}\n{await stderr}");
        Assert.Matches(@"Tests\s+\d+ passed", await stdout);
    }
}
