namespace Stepwise.Server.Tests.Diagnostics;

/// <summary>
/// The test classes that take runtime profiles of the test process: a process runs one profile at a time (a second
/// one answers 409), and every server these tests host lives in the same process, so they take turns.
/// </summary>
[CollectionDefinition(Name)]
public sealed class RuntimeProfileCollection
{
    public const string Name = "runtime profiles";
}
