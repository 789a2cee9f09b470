using Xunit;
using Xunit.Sdk;

namespace Stepwise.Testing;

/// <summary>
/// A fact that needs root (mounting a small file system, setting inode flags): skipped with the reason for a
/// developer who is not root, run as CI runs it (<c>.ci/run</c> runs as root, and with <c>CI=true</c> a missing root
/// fails the test instead, as a missing PostgreSQL does).
/// </summary>
[XunitTestCaseDiscoverer("Stepwise.Testing.RootFactDiscoverer", "Stepwise.Testing")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class RootFactAttribute : FactAttribute
{
    /// <summary>The reason a skipped test shows.</summary>
    public const string NotRoot = "needs root (it mounts a tmpfs or sets inode flags): run the tests as root, as .ci/run does";
}
