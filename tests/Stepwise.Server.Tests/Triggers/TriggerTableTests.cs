using Microsoft.Extensions.Logging.Abstractions;
using Stepwise.Core.Actions.BuiltIn;
using Stepwise.Core.Definitions;
using Stepwise.Server.Triggers;

namespace Stepwise.Server.Tests.Triggers;

public sealed class TriggerTableTests
{
    private static readonly DateTimeOffset Deployed = new(2026, 1, 5, 10, 0, 0, TimeSpan.Zero);

    private readonly TriggerTable table = new(NullLogger<TriggerTable>.Instance);

    [Fact]
    public void TryGetWebhook_AfterSet_FindsRouteOfThatOrgAndPathOnly()
    {
        table.Set("default", "hooked", Workflow("default", "hooked", 1, "orders/new"));

        Assert.True(table.TryGetWebhook("default", "orders/new", out var route));
        Assert.Equal(("hooked", 1, "default"), (route.Workflow.Name, route.Workflow.Version, route.OrgId));
        Assert.False(table.TryGetWebhook("other", "orders/new", out _));
        Assert.False(table.TryGetWebhook("default", "orders", out _));
        Assert.False(table.TryGetWebhook("default", "Orders/New", out _));
    }

    [Fact]
    public void Set_NewVersion_ReplacesRoutesOfTheOldOne()
    {
        table.Set("default", "hooked", Workflow("default", "hooked", 1, "old"));
        table.Set("default", "hooked", Workflow("default", "hooked", 2, "new"));

        Assert.False(table.TryGetWebhook("default", "old", out _));
        Assert.True(table.TryGetWebhook("default", "new", out var route));
        Assert.Equal(2, route.Workflow.Version);
    }

    [Fact]
    public void Set_Null_RemovesTheWorkflowAndItsRoutes()
    {
        table.Set("default", "hooked", Workflow("default", "hooked", 1, "gone"));

        table.Set("default", "hooked", null);

        Assert.False(table.TryGetWebhook("default", "gone", out _));
        Assert.False(table.TryGetWorkflow("default", "hooked", out _));
        Assert.Empty(table.Workflows);
    }

    [Fact]
    public void ReplaceAll_SamePathTwice_FirstDeployedKeepsIt()
    {
        var late = Workflow("default", "late", 1, "shared", Deployed.AddMinutes(5));
        var early = Workflow("default", "early", 1, "shared", Deployed);

        table.ReplaceAll([late, early]);

        Assert.True(table.TryGetWebhook("default", "shared", out var route));
        Assert.Equal("early", route.Workflow.Name);
        Assert.Equal(2, table.Workflows.Count);
    }

    [Fact]
    public void WebhookConflict_PathOfAnotherWorkflow_NamesIt()
    {
        table.Set("default", "first", Workflow("default", "first", 1, "shared"));

        var conflict = table.WebhookConflict("default", Workflow("default", "second", 1, "shared").Definition);

        Assert.Equal(
            "Webhook path 'shared' is already used by workflow 'first'; choose another path or delete 'first' first",
            conflict);
        Assert.Null(table.WebhookConflict("default", Workflow("default", "first", 2, "shared").Definition));
        Assert.Null(table.WebhookConflict("acme", Workflow("acme", "second", 1, "shared").Definition));
    }

    [Fact]
    public void TryGetWebhook_LiteralSecret_IsKeptAsLiteralKey()
    {
        table.Set("default", "signed", Workflow("default", "signed", 1, "signed", secret: "s3cr3t"));
        table.Set("default", "vaulted", Workflow("default", "vaulted", 1, "vaulted", secret: "${{ secrets.hook }}"));
        table.Set("default", "open", Workflow("default", "open", 1, "open"));

        Assert.True(table.TryGetWebhook("default", "signed", out var signed));
        Assert.True(signed.Secret!.IsLiteral);
        Assert.True(table.TryGetWebhook("default", "vaulted", out var vaulted));
        Assert.False(vaulted.Secret!.IsLiteral);
        Assert.True(table.TryGetWebhook("default", "open", out var open));
        Assert.Null(open.Secret);
    }

    internal static DeployedWorkflow Workflow(
        string org, string name, int version, string path, DateTimeOffset? deployedAt = null, string? secret = null)
    {
        var yaml = $"""
            name: {name}
            triggers:
              - type: webhook
                path: {path}
            {(secret is null ? string.Empty : $"    secret: \"{secret}\"")}
            nodes: [{"{"} id: a, type: transform, with: {"{"} x: {version} {"}"} {"}"}]
            """;
        var loaded = WorkflowLoader.Load(yaml, name, BuiltInActions.CreateRegistry());
        Assert.True(loaded.Succeeded, string.Join("\n", loaded.Diagnostics));
        return new DeployedWorkflow(org, loaded.Definition!, version, deployedAt ?? Deployed);
    }
}
