using Stepwise.Core.Definitions;
using Microsoft.Extensions.Configuration;
using Stepwise.Core.Scheduling;
using Stepwise.Hosting.Configuration;

namespace Stepwise.Cli.Commands;

/// <summary>The engine's settings for embedded runs, from environment variables (docs/cli.md lists them).</summary>
internal static class EngineSettings
{
    public const string MaxPayloadVariable = "STEPWISE_MAX_PAYLOAD";
    public const string LeaseVariable = "STEPWISE_LEASE";

    /// <summary>
    /// Shorter than a server's lease: after a crash, <c>stepwise resume</c> waits for the dead process's lease to
    /// run out, and a user at a terminal should not wait long.
    /// </summary>
    public static readonly TimeSpan DefaultLease = TimeSpan.FromSeconds(10);

    public static bool TryRead(out EngineOptions options, out string error)
    {
        options = new EngineOptions { LeaseDuration = DefaultLease };
        error = string.Empty;

        var payload = StepwiseSettings.Variable(MaxPayloadVariable);
        if (!string.IsNullOrWhiteSpace(payload))
        {
            if (!EngineOptions.TryParseByteSize(payload, out var bytes))
            {
                error = $"{MaxPayloadVariable}='{payload}' is not a size: use a number of bytes or a size such as 512KB or 4MB.";
                return false;
            }

            options.MaxPayloadBytes = bytes;
        }

        // The run budgets (STEPWISE_MAX_VALUE, ...) read as the server reads them.
        var budgets = RunBudgetSettings.Keys
            .Where(key => key != MaxPayloadVariable)
            .Select(key => KeyValuePair.Create(key, StepwiseSettings.Variable(key)))
            .Where(pair => !string.IsNullOrWhiteSpace(pair.Value));
        try
        {
            options.Budgets = RunBudgetSettings.Read(new ConfigurationBuilder().AddInMemoryCollection(budgets).Build());
        }
        catch (ServerConfigurationException exception)
        {
            error = exception.Message;
            return false;
        }

        var lease = StepwiseSettings.Variable(LeaseVariable);
        if (!string.IsNullOrWhiteSpace(lease))
        {
            if (!Duration.TryParse(lease, out var duration) || duration < TimeSpan.FromSeconds(1) || duration > TimeSpan.FromDays(1))
            {
                error = $"{LeaseVariable}='{lease}' is not a duration between 1s and 1d (e.g. 10s, 2m).";
                return false;
            }

            options.LeaseDuration = duration;
        }

        return true;
    }
}
