using Xunit.Abstractions;
using Xunit.Sdk;

namespace Stepwise.Testing;

/// <summary>Discovers a <see cref="PostgresTheoryAttribute"/> test: one skipped case when PostgreSQL is missing, else a theory.</summary>
public sealed class PostgresTheoryDiscoverer(IMessageSink diagnosticMessageSink) : IXunitTestCaseDiscoverer
{
    private readonly TheoryDiscoverer theory = new(diagnosticMessageSink);

    public IEnumerable<IXunitTestCase> Discover(
        ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute) =>
        PostgresSkip.Reason(testMethod) is { } reason
            ? [PostgresSkip.Case(diagnosticMessageSink, discoveryOptions, testMethod, reason)]
            : theory.Discover(discoveryOptions, testMethod, factAttribute);
}
