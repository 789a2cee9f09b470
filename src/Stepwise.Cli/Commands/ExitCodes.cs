namespace Stepwise.Cli.Commands;

/// <summary>The process exit codes of every verb; docs/cli.md lists them.</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>A workflow is invalid, a run failed, or the work could not be done.</summary>
    public const int Failed = 1;

    /// <summary>The command line itself is wrong: unknown verb or option, bad value, missing file.</summary>
    public const int Usage = 2;

    /// <summary>Interrupted by Ctrl+C (128 + SIGINT), the shell convention.</summary>
    public const int Cancelled = 130;
}
