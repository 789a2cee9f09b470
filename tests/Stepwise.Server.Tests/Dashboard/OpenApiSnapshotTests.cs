using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Stepwise.Server.Tests.Support;

namespace Stepwise.Server.Tests.Dashboard;

/// <summary>
/// The dashboard's API client is typed from web/openapi.json at build time; this keeps that snapshot equal to the
/// server's own /openapi/v1.json, so a changed endpoint fails here (and then in the dashboard's type check) rather
/// than in a user's click. Run with STEPWISE_UPDATE_OPENAPI=1 to rewrite the snapshot after an intended change.
/// </summary>
public sealed class OpenApiSnapshotTests : IClassFixture<ServerFactory>
{
    private readonly ServerFactory factory;

    public OpenApiSnapshotTests(ServerFactory factory) => this.factory = factory;

    [Fact]
    public async Task OpenApiSnapshot_OfTheDashboard_MatchesTheServersDocument()
    {
        using var client = factory.CreateClient();
        var served = JsonNode.Parse(await client.GetStringAsync("/openapi/v1.json"))!.AsObject();

        // The server's own address is not part of the API's shape (and differs per host).
        served.Remove("servers");
        var path = Path.Combine(RepoPaths.Root, "web", "openapi.json");
        if (Environment.GetEnvironmentVariable("STEPWISE_UPDATE_OPENAPI") == "1")
        {
            var options = new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
            await File.WriteAllTextAsync(path, served.ToJsonString(options) + "\n");
        }

        var snapshot = JsonNode.Parse(await File.ReadAllTextAsync(path))!;
        Assert.True(
            JsonNode.DeepEquals(served, snapshot),
            "web/openapi.json differs from the server's /openapi/v1.json. If the API change is intended, run " +
            "`STEPWISE_UPDATE_OPENAPI=1 dotnet test tests/Stepwise.Server.Tests --filter OpenApiSnapshot` and rebuild the dashboard.");
    }
}
