using Xunit.Abstractions;
using Xunit.Sdk;

namespace Stepwise.Testing;

/// <summary>Discovers a <see cref="RootFactAttribute"/> test: a skipped case when not root (outside CI), else a fact.</summary>
public sealed class RootFactDiscoverer(IMessageSink diagnosticMessageSink) : IXunitTestCaseDiscoverer
{
    private readonly FactDiscoverer _fact = new(diagnosticMessageSink);

    public IEnumerable<IXunitTestCase> Discover(
        ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute) =>
        Environment.IsPrivilegedProcess || PostgresAvailability.IsCi()
            ? _fact.Discover(discoveryOptions, testMethod, factAttribute)
            : [PostgresSkip.Case(diagnosticMessageSink, discoveryOptions, testMethod, RootFactAttribute.NotRoot)];
}
