namespace Stepwise.Server.Health;

/// <summary>
/// One component /health reports under <c>checks.{Name}</c>. Register more with
/// <c>services.AddSingleton&lt;IHealthCheck, ...&gt;()</c>; a check that throws is reported unhealthy with the error.
/// </summary>
internal interface IHealthCheck
{
    string Name { get; }

    /// <summary>True when /health/ready must fail while this check is unhealthy.</summary>
    bool GatesReadiness { get; }

    Task<HealthCheckResult> CheckAsync(CancellationToken cancellationToken);
}
