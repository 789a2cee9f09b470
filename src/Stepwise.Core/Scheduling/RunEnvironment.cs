using Stepwise.Core.Expressions;

namespace Stepwise.Core.Scheduling;

/// <summary>What a host knows about a run's organization: its name, configuration and secrets.</summary>
public sealed record RunEnvironment(string? OrgName = null, IValueLookup? Config = null, IValueLookup? Secrets = null);
