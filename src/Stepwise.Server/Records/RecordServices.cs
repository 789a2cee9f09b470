using Microsoft.AspNetCore.Http.Json;
using Stepwise.Core.Storage;
using Stepwise.Server.Hosting;

namespace Stepwise.Server.Records;

/// <summary>The services of records, reports and the query language.</summary>
internal static class RecordServices
{
    public static IServiceCollection AddStepwiseRecords(this IServiceCollection services)
    {
        services.AddSingleton<IRecordStore>(sp => sp.GetRequiredService<StoreHost>().Storage.Records);
        services.AddSingleton<RecordProcessing>();
        services.Configure<JsonOptions>(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, RecordsJsonContext.Default));
        return services;
    }
}
