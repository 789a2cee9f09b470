using System.Text.Json.Nodes;
using Stepwise.Testing;

namespace Stepwise.EndToEnd;

/// <summary>The runtime settings `stepwise` ships with (docs/operations.md, Memory and CPU), as the built program has them.</summary>
public sealed class RuntimeSettingsTests
{
    [Fact]
    public void BuiltProgram_HasWorkstationConcurrentGcAndThreadPoolWorkersThatDoNotSpin()
    {
        var runtimeConfig = Path.ChangeExtension(RepoPaths.CliDll, ".runtimeconfig.json");
        var properties = JsonNode.Parse(File.ReadAllText(runtimeConfig))!["runtimeOptions"]!["configProperties"]!;

        Assert.Equal(0, properties["System.Threading.ThreadPool.UnfairSemaphoreSpinLimit"]!.GetValue<int>());
        Assert.False(properties["System.GC.Server"]!.GetValue<bool>());
        Assert.True(properties["System.GC.Concurrent"]!.GetValue<bool>());
    }
}
