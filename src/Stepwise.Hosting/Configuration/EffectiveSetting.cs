namespace Stepwise.Hosting.Configuration;

/// <summary>A setting's value as <c>stepwise config show</c> prints it (secrets masked) and where it came from.</summary>
internal sealed record EffectiveSetting(string Name, string Value, string Source, string Description);
