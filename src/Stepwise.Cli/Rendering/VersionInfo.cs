namespace Stepwise.Cli.Rendering;

internal sealed record VersionInfo(string Version, string Runtime, string RuntimeIdentifier, string Os);
