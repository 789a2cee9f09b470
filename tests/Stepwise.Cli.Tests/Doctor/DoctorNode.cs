using Microsoft.Extensions.Configuration;
using Stepwise.Cli.Commands;
using Stepwise.Cli.Doctor;

namespace Stepwise.Cli.Tests.Doctor;

/// <summary>The settings of a node as the doctor's checks get them, built in this process from chosen values.</summary>
internal static class DoctorNode
{
    public static NodeSettings Settings(string dataFolder, IReadOnlyDictionary<string, string>? values = null)
    {
        var all = new Dictionary<string, string?>(StringComparer.Ordinal) { [ServerSettings.DataKey] = dataFolder };
        foreach (var (key, value) in values ?? new Dictionary<string, string>())
        {
            all[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(all).Build();
        return new NodeSettings(ServerSettings.Read(configuration), configuration);
    }

    public static async Task<IReadOnlyList<DoctorFinding>> RunAsync(
        IDoctorCheck check, NodeSettings node, TimeProvider? time = null, bool openStore = false)
    {
        await using var context = new DoctorContext(node, null, time ?? TimeProvider.System);
        if (openStore)
        {
            await new StoreCheck().RunAsync(context, CancellationToken.None);
        }

        return await check.RunAsync(context, CancellationToken.None);
    }

    /// <summary>A clock <paramref name="offset"/> away from the real one.</summary>
    public sealed class ShiftedTime(TimeSpan offset) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + offset;
    }
}
