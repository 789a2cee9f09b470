using Stepwise.Core.Scheduling;
using Stepwise.Core.Storage;
using Stepwise.Core.Tests.Support;

namespace Stepwise.Core.Tests.Scheduling;

public sealed class PayloadTests
{
    [Fact]
    public async Task RunAsync_OutputOverLimit_FailsStepWithBothSizes()
    {
        await using var harness = new EngineHarness(new EngineOptions { MaxPayloadBytes = 4 * 1024 * 1024, LeaseDuration = TimeSpan.FromDays(1) });

        var run = await harness.RunAsync("""
            name: big
            nodes:
              - id: blob
                type: probe
                with: { value: "${{ join(map(range(0, 52), i => 'x'), '') }}" }
              - id: grow
                type: transform
                with:
                  text: ${{ join(map(range(0, 104858), i => nodes.blob.output.value), '') }}
            """);

        Assert.Equal(ExecutionStatus.Failed, run.Status);
        Assert.Equal("node 'grow' failed: step input is 5.2 MB, over the 4 MB limit", run.Error);
    }

    [Fact]
    public async Task RunAsync_ActionOutputOverLimit_FailsWithoutRetry()
    {
        await using var harness = new EngineHarness(new EngineOptions { MaxPayloadBytes = 1024, LeaseDuration = TimeSpan.FromDays(1) });

        var run = await harness.RunAsync("""
            name: big_out
            nodes:
              - id: blob
                type: probe
                retry: { max_attempts: 3, delay: 0s }
                with: { value: "${{ join(map(range(0, 2000), i => 'x'), '') }}" }
            """);

        Assert.Equal("node 'blob' failed: step input is 2 KB, over the 1 KB limit", run.Error);
        Assert.Equal(0, harness.Probe.Calls);
    }

    [Theory]
    [InlineData("4MB", 4L * 1024 * 1024)]
    [InlineData("512 KB", 512L * 1024)]
    [InlineData("1.5MB", 1572864L)]
    [InlineData("1048576", 1048576L)]
    public void TryParseByteSize_ValidText_ReturnsBytes(string text, long bytes)
    {
        Assert.True(EngineOptions.TryParseByteSize(text, out var parsed));
        Assert.Equal(bytes, parsed);
    }

    [Theory]
    [InlineData("")]
    [InlineData("4 parsecs")]
    [InlineData("-1MB")]
    public void TryParseByteSize_BadText_ReturnsFalse(string text) =>
        Assert.False(EngineOptions.TryParseByteSize(text, out _));
}
