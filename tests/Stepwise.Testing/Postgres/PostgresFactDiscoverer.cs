using Xunit.Abstractions;
using Xunit.Sdk;

namespace Stepwise.Testing;

/// <summary>Discovers a <see cref="PostgresFactAttribute"/> test: a skipped case when PostgreSQL is missing, else a fact.</summary>
public sealed class PostgresFactDiscoverer(IMessageSink diagnosticMessageSink) : IXunitTestCaseDiscoverer
{
    private readonly FactDiscoverer fact = new(diagnosticMessageSink);

    public IEnumerable<IXunitTestCase> Discover(
        ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute) =>
        PostgresSkip.Reason(testMethod) is { } reason
            ? [PostgresSkip.Case(diagnosticMessageSink, discoveryOptions, testMethod, reason)]
            : fact.Discover(discoveryOptions, testMethod, factAttribute);
}
