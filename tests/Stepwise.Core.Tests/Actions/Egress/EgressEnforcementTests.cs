using System.Net;
using System.Net.Sockets;
using Stepwise.Core.Actions.BuiltIn;
using Stepwise.Core.Actions.Egress;
using Stepwise.Core.Storage;
using Stepwise.Core.Tests.Support;

namespace Stepwise.Core.Tests.Actions.Egress;

/// <summary>
/// The policy end to end through the http action, never leaving loopback: a policy that denies a loopback range
/// refuses a direct call, a redirect into the range and a name that resolves into it, each before connecting.
/// </summary>
public sealed class EgressEnforcementTests
{
    private static EgressPolicy Denying(string rule)
    {
        Assert.True(EgressRule.TryParse(rule, out var parsed));
        return new EgressPolicy([EgressRule.Metadata, parsed!]);
    }

    private static string Call(string url) => $$"""
        name: egress
        nodes:
          - id: call
            type: http
            retry: { max_attempts: 3, delay: 0s }
            with: { url: "{{url}}" }
        """;

    [Fact]
    public async Task Http_DirectCallIntoDeniedRange_IsRefusedBeforeConnecting()
    {
        using var server = new LocalHttpServer(_ => Reply.Json(200, "{}"));
        await using var harness = new EngineHarness(http: new SharedHttpClientFactory(Denying("loopback")));

        var run = await harness.RunAsync(Call(server.Url("/direct")));

        Assert.Equal(ExecutionStatus.Failed, run.Status);
        Assert.Equal(
            $"node 'call' failed: GET {server.Url("/direct")} refused: egress to 127.0.0.1 (127.0.0.1) refused by rule 'loopback' (STEPWISE_EGRESS_DENY)",
            run.Error);
        Assert.Empty(server.Requests);
        Assert.Single(await harness.StepsAsync(run.Id), step => step.Status == StepStatus.Failed);
    }

    [Fact]
    public async Task Http_NameResolvingIntoDeniedRange_IsRefused()
    {
        using var server = new LocalHttpServer(_ => Reply.Json(200, "{}"));
        await using var harness = new EngineHarness(http: new SharedHttpClientFactory(Denying("loopback")));

        var run = await harness.RunAsync(Call($"http://localhost:{server.Port}/named"));

        Assert.Equal(ExecutionStatus.Failed, run.Status);
        Assert.Contains("refused: egress to localhost (", run.Error, StringComparison.Ordinal);
        Assert.Contains("refused by rule 'loopback' (STEPWISE_EGRESS_DENY)", run.Error, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Http_RedirectIntoDeniedRange_IsRefusedBeforeConnecting()
    {
        // The target listens on 127.0.0.2 (all of 127/8 is this machine) and must never see a connection.
        using var target = new TcpListener(IPAddress.Parse("127.0.0.2"), 0);
        target.Start();
        var targetPort = ((IPEndPoint)target.LocalEndpoint).Port;
        using var server = new LocalHttpServer(_ => new Reply(302, Location: $"http://127.0.0.2:{targetPort}/inside"));
        await using var harness = new EngineHarness(http: new SharedHttpClientFactory(Denying("127.0.0.2/32")));

        var run = await harness.RunAsync(Call(server.Url("/hop")));

        Assert.Equal(ExecutionStatus.Failed, run.Status);
        Assert.Contains("refused: egress to 127.0.0.2 (127.0.0.2) refused by rule '127.0.0.2/32' (STEPWISE_EGRESS_DENY)", run.Error, StringComparison.Ordinal);
        Assert.Single(server.Requests);
        Assert.False(target.Pending());
    }

    [Fact]
    public async Task Http_DefaultPolicy_StillReachesLoopback()
    {
        using var server = new LocalHttpServer(_ => Reply.Json(200, """{"ok":true}"""));
        await using var harness = new EngineHarness(http: new SharedHttpClientFactory(EgressPolicy.Default));

        var run = await harness.RunAsync(Call(server.Url("/fine")));

        Assert.Equal(ExecutionStatus.Succeeded, run.Status);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Http_MetadataAddress_IsRefusedByTheDefaultPolicyWithoutTraffic()
    {
        await using var harness = new EngineHarness(http: new SharedHttpClientFactory(EgressPolicy.Default));

        var run = await harness.RunAsync(Call("http://169.254.169.254/latest/meta-data/"));

        Assert.Equal(
            "node 'call' failed: GET http://169.254.169.254/latest/meta-data/ refused: egress to 169.254.169.254 (169.254.169.254) refused by rule 'metadata' (STEPWISE_EGRESS_DENY)",
            run.Error);
    }
}
