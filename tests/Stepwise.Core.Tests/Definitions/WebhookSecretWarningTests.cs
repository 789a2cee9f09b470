using Stepwise.Core.Actions.BuiltIn;
using Stepwise.Core.Definitions;
using Stepwise.Core.Diagnostics;

namespace Stepwise.Core.Tests.Definitions;

/// <summary>Issue 21: a webhook secret written as a literal is a deploy warning; one read from secrets is not.</summary>
public sealed class WebhookSecretWarningTests
{
    private static IReadOnlyList<Diagnostic> Load(string secret) => WorkflowLoader.Load(
        $$"""
        name: hooked
        triggers:
          - { type: webhook, path: hooked, secret: "{{secret}}" }
        nodes:
          - { id: a, type: log, with: { message: hi } }
        """,
        "test.yaml",
        BuiltInActions.CreateRegistry()).Diagnostics;

    [Fact]
    public void Load_LiteralWebhookSecret_WarnsWithoutFailing()
    {
        var diagnostics = Load("hunter2-literal");

        var warning = Assert.Single(diagnostics);
        Assert.Equal(DiagnosticSeverity.Warning, warning.Severity);
        Assert.Contains("secret is written in the workflow", warning.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2-literal", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_SecretFromSecrets_HasNoWarning()
    {
        Assert.Empty(Load("${{ secrets.hook_key }}"));
    }
}
