namespace Stepwise.Cli.Tests.Support;

/// <summary>Runs the built <c>stepwise</c> to completion and captures its exit code, stdout and stderr.</summary>
internal static class StepwiseCli
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    public static async Task<CliResult> RunAsync(params string[] args) =>
        await RunAsync(args, environment: null);

    public static async Task<CliResult> RunAsync(IEnumerable<string> args,
        IReadOnlyDictionary<string, string>? environment, string? workingDirectory = null, string? stdin = null)
    {
        using var process = CliProcess.Start(args, workingDirectory, environment, stdin);
        return await process.WaitForExitAsync(DefaultTimeout);
    }
}
