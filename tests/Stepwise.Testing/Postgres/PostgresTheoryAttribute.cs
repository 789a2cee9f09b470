using Xunit;
using Xunit.Sdk;

namespace Stepwise.Testing;

/// <summary>A theory that is skipped, with the reason, when its class needs PostgreSQL and none is found.</summary>
[XunitTestCaseDiscoverer("Stepwise.Testing.PostgresTheoryDiscoverer", "Stepwise.Testing")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class PostgresTheoryAttribute : TheoryAttribute;
