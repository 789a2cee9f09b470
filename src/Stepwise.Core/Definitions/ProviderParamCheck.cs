using System.Text.Json;
using System.Text.Json.Nodes;

namespace Stepwise.Core.Definitions;

/// <summary>
/// Checks the params that name a data provider against the provider's options, at run start: a value the provider
/// does not offer is <c>Parameter 'dept' validation failed: ...</c>, as any other invalid param.
/// </summary>
public static class ProviderParamCheck
{
    public static async ValueTask<IReadOnlyList<string>> CheckAsync(
        IReadOnlyList<ParamDefinition> parameters,
        JsonObject values,
        string orgId,
        IServiceProvider services,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(services);
        var errors = new List<string>();

        // A host that loads no data providers (an engine embedded without a workspace) cannot check: deploys did.
        if (!parameters.Any(p => p.DataProvider is not null)
            || services.GetService(typeof(IDataProviderOptions)) is not IDataProviderOptions source)
        {
            return errors;
        }

        foreach (var param in parameters)
        {
            if (param.DataProvider is not { } provider
                || values[param.Name] is not JsonValue value || value.GetValueKind() != JsonValueKind.String)
            {
                continue;
            }

            var options = await source.GetValuesAsync(orgId, provider, values, cancellationToken).ConfigureAwait(false);
            var text = value.GetValue<string>();
            if (options is null)
            {
                errors.Add($"Parameter '{param.Name}' validation failed: data provider '{provider}' not found");
            }
            else if (!options.Contains(text, StringComparer.Ordinal))
            {
                errors.Add($"Parameter '{param.Name}' validation failed: '{text}' is not one of the options of data provider " +
                    $"'{provider}' ({string.Join(", ", options.Take(20))})");
            }
        }

        return errors;
    }
}
