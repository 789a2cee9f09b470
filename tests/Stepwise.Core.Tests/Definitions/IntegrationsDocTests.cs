using System.Text.RegularExpressions;
using Stepwise.Core.Actions.BuiltIn;
using Stepwise.Core.Definitions;

namespace Stepwise.Core.Tests.Definitions;

/// <summary>The workflows that docs/integrations.md gives to copy and paste load without a problem.</summary>
public sealed partial class IntegrationsDocTests
{
    [Fact]
    public void Load_EveryWorkflowOfIntegrationsDoc_IsValid()
    {
        var doc = File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "integrations.md"));
        var workflows = YamlBlock().Matches(doc).Select(match => match.Groups[1].Value).Where(text => text.StartsWith("name:", StringComparison.Ordinal)).ToList();

        // GitHub, Stripe and Slack webhooks, the sync webhook's own response, and the approval example.
        Assert.Equal(5, workflows.Count);
        foreach (var yaml in workflows)
        {
            var loaded = WorkflowLoader.Load(yaml, "integrations.md", BuiltInActions.CreateRegistry());
            Assert.True(loaded.Definition is not null, string.Join("\n", loaded.Errors.Select(e => e.Message)) + "\n" + yaml);
        }
    }

    [GeneratedRegex("```yaml\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex YamlBlock();
}
