using Stepwise.Server.Executions.Events;

namespace Stepwise.Server.Dashboard;

/// <summary>The dashboard's embedded files and the live event streams it follows.</summary>
internal static class DashboardServices
{
    public static IServiceCollection AddStepwiseDashboard(IServiceCollection services)
    {
        services.AddSingleton(_ => DashboardFiles.Load(typeof(DashboardServices).Assembly));
        services.AddSingleton<EventStreamOptions>();
        services.AddSingleton<StreamSlots>();
        return services;
    }
}
