using Stepwise.Server.Health;

namespace Stepwise.Server.Observability;

/// <summary>The services of health, metrics and diagnostics, added to the server in one call.</summary>
internal static class OperationsServices
{
    public static IServiceCollection AddStepwiseOperations(this IServiceCollection services)
    {
        services.AddSingleton<DatabasePingLog>();
        services.AddSingleton<DatabaseHealthCheck>();
        services.AddSingleton<IHealthCheck>(sp => sp.GetRequiredService<DatabaseHealthCheck>());
        services.AddHostedService<DatabasePingMonitor>();
        services.AddSingleton<IHealthCheck, QueueHealthCheck>();
        services.AddSingleton<IHealthCheck, SchedulerHealthCheck>();
        services.AddSingleton<HealthService>();
        services.AddMetrics();
        services.AddSingleton<Metrics.PrometheusExporter>();
        services.AddSingleton<Metrics.ServerMetrics>();
        services.AddSingleton(sp => TraceSettings.Read(sp.GetRequiredService<IConfiguration>()));
        services.AddSingleton<Tracing.TraceExport>();
        return services;
    }
}
