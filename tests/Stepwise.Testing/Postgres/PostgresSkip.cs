using Xunit.Abstractions;
using Xunit.Sdk;

namespace Stepwise.Testing;

/// <summary>The skip decision the PostgreSQL discoverers share, made when tests are discovered.</summary>
internal static class PostgresSkip
{
    /// <summary>Why the test is skipped, or null: its class is not marked <see cref="RequiresPostgresAttribute"/>, or PostgreSQL is here (or CI fails without it).</summary>
    public static string? Reason(ITestMethod testMethod)
    {
        var marker = testMethod.TestClass.Class.GetCustomAttributes(typeof(RequiresPostgresAttribute)).FirstOrDefault();
        return marker is null
            ? null
            : PostgresAvailability.SkipReason(marker.GetNamedArgument<bool>(nameof(RequiresPostgresAttribute.LocalServer)));
    }

    public static IXunitTestCase Case(
        IMessageSink diagnosticMessageSink, ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, string reason) =>
        new XunitSkippedDataRowTestCase(
            diagnosticMessageSink,
            discoveryOptions.MethodDisplayOrDefault(),
            discoveryOptions.MethodDisplayOptionsOrDefault(),
            testMethod,
            reason);
}
