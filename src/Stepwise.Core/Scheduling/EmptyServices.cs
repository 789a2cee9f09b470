namespace Stepwise.Core.Scheduling;

/// <summary>The services of a host that registered none.</summary>
internal sealed class EmptyServices : IServiceProvider
{
    public static readonly EmptyServices Instance = new();

    public object? GetService(Type serviceType) => null;
}
