namespace Stepwise.Hosting.Retention;

/// <summary>The services of the retention job.</summary>
internal static class RetentionServices
{
    public static IServiceCollection AddStepwiseRetention(this IServiceCollection services)
    {
        services.AddSingleton(sp => RetentionOptions.Read(sp.GetRequiredService<IConfiguration>()));
        services.AddSingleton<RetentionJob>();
        services.AddHostedService(sp => new RetentionService(
            sp.GetRequiredService<RetentionJob>,
            sp.GetRequiredService<RetentionOptions>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<RetentionService>>()));
        return services;
    }
}
