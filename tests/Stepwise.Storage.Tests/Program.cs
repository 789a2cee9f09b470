using Stepwise.Storage.Tests.Sqlite;

namespace Stepwise.Storage.Tests;

/// <summary>
/// The test assembly's entry point, which the test runner never calls: tests start it as a child process
/// (<c>dotnet exec</c>) to kill it mid-write.
/// </summary>
internal static class Program
{
    public static int Main(string[] args) =>
        args is [WalCrashChild.Verb, var path, var acknowledgements, var synchronous]
            ? WalCrashChild.Run(path, acknowledgements, synchronous)
            : 2;
}
