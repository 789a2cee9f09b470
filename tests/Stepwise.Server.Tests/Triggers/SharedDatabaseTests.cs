using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Stepwise.Core.Storage;
using Stepwise.Server.Tests.Support;

namespace Stepwise.Server.Tests.Triggers;

/// <summary>Two servers on one database: each follows the other's deploys, deletes and deactivations by refreshing.</summary>
public sealed class SharedDatabaseTests
{
    [Fact]
    public async Task Refresh_DeployAndDeleteOnAnotherServer_FollowedWithoutRestart()
    {
        using var folder = new TempFolder();
        using var first = ServerFactory.Over(folder).With("STEPWISE_TRIGGER_REFRESH", "100ms");
        first.KeepFolder = true;
        using var second = ServerFactory.Over(folder).With("STEPWISE_TRIGGER_REFRESH", "100ms");
        second.KeepFolder = true;
        await first.StartAsync();
        await second.StartAsync();
        using var admin = first.Client();

        await admin.DeployAsync("""
            name: shared_hook
            triggers: [{ type: webhook, path: shared, respond: sync }]
            nodes: [{ id: a, type: transform, with: { x: 1 } }]
            """);
        await WaitForStatusAsync(second, "/hooks/default/shared", HttpStatusCode.OK);

        await first.CreateOrgAsync("acme");
        using var acme = first.Client(org: "acme");
        await acme.DeployAsync("""
            name: acme_hook
            triggers: [{ type: webhook, path: orders, respond: sync }]
            nodes: [{ id: a, type: transform, with: { x: 1 } }]
            """);
        await WaitForStatusAsync(second, "/hooks/acme/orders", HttpStatusCode.OK);
        await first.Services.GetRequiredService<IOrganizationStore>().SetActiveAsync("acme", false);
        await WaitForStatusAsync(second, "/hooks/acme/orders", HttpStatusCode.NotFound);

        using (await admin.DeleteAsync("/api/v1/workflows/shared_hook"))
        {
        }

        await WaitForStatusAsync(second, "/hooks/default/shared", HttpStatusCode.NotFound);
    }

    private static async Task WaitForStatusAsync(ServerFactory server, string url, HttpStatusCode expected)
    {
        using var client = server.CreateClient();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            using var response = await client.PostAsync(url, Api.Json("{}"));
            if (response.StatusCode == expected)
            {
                return;
            }

            try
            {
                await Task.Delay(50, deadline.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"{url} still answers {(int)response.StatusCode}, expected {(int)expected}");
            }
        }
    }
}
