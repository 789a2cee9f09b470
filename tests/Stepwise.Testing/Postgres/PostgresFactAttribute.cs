using Xunit;
using Xunit.Sdk;

namespace Stepwise.Testing;

/// <summary>A fact that is skipped, with the reason, when its class needs PostgreSQL and none is found.</summary>
[XunitTestCaseDiscoverer("Stepwise.Testing.PostgresFactDiscoverer", "Stepwise.Testing")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class PostgresFactAttribute : FactAttribute;
